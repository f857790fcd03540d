import Foundation

/// Each way the notifier can reach the user; every one can be switched in config and by key.
public enum NotificationChannel: String, Sendable, Hashable, CaseIterable {
    case toast, modal, bell, osc9, osc777, command, webhook
}

public struct NotificationSettings: Sendable, Hashable {
    /// Channels switched on. `command` and `webhook` also need `command` / `webhookURL`.
    public var enabled: Set<NotificationChannel>
    public var toastSeconds: Double
    /// A modal opens for signals at or above this strength.
    public var modalThreshold: Double
    /// Signals per second notified one by one; past it they are counted into one
    /// "N more signals" summary at the end of the second (all are stored regardless).
    public var burstLimit: Int
    /// `notify_command`, run by `/bin/sh -c` with the signal's JSON on stdin.
    public var command: String?
    public var commandTimeout: Double
    public var webhookURL: URL?
    public var webhookAttempts: Int
    /// First retry delay in seconds; it doubles on each retry, up to 30 s.
    public var webhookBackoff: Double

    public init(enabled: Set<NotificationChannel> = [.toast], toastSeconds: Double = 5, modalThreshold: Double = 0.8,
                burstLimit: Int = 5, command: String? = nil, commandTimeout: Double = 5, webhookURL: URL? = nil,
                webhookAttempts: Int = 5, webhookBackoff: Double = 0.5) {
        self.enabled = enabled
        self.toastSeconds = toastSeconds
        self.modalThreshold = modalThreshold
        self.burstLimit = max(1, burstLimit)
        self.command = command
        self.commandTimeout = commandTimeout
        self.webhookURL = webhookURL
        self.webhookAttempts = max(1, webhookAttempts)
        self.webhookBackoff = webhookBackoff
    }
}
