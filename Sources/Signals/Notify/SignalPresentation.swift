import Foundation

/// A toast for the UI to draw (it picks the colour from `direction`) until `expiresAt`.
public struct SignalToast: Sendable, Hashable {
    public var title: String
    public var body: String
    public var direction: SignalDirection
    /// Epoch ms.
    public var createdAt: Int64
    public var expiresAt: Int64
    /// The signal shown, nil for a burst summary.
    public var signalID: UUID?
    /// 1 for a signal; for a burst summary, how many signals it stands for.
    public var count: Int
}

/// A modal alert for a signal at or above the configured strength.
public struct SignalModal: Sendable, Hashable {
    public var title: String
    public var body: String
    public var signal: Signal
}

/// What the notifier asks the UI to show.
public enum SignalPresentation: Sendable, Hashable {
    case toast(SignalToast)
    case modal(SignalModal)
}
