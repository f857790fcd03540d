import MarketModel
import TUI

/// What the signal desk has told the user: toasts, the modal, the signal pane and its
/// consensus, and bytes for the terminal itself (bell, desktop notifications).
struct AlertInbox: Sendable {
    /// Older toasts are dropped past this many; they would not fit on screen anyway.
    static let toastLimit = 20
    /// The signal pane keeps this many of the newest signals.
    static let signalLimit = 100

    private(set) var toasts: [Toast] = []
    private var nextToastID = 1
    var modal: ModalView?
    private(set) var signals: [SignalRow] = []
    private(set) var consensus: [Symbol: SignalConsensus] = [:]
    private var terminalBytes: [UInt8] = []

    mutating func addToast(_ text: String, severity: Severity, direction: SignalDirection?, nowMs: Int64) {
        toasts.append(Toast(id: nextToastID, text: text, severity: severity, direction: direction, createdAtMs: nowMs))
        nextToastID += 1
        if toasts.count > Self.toastLimit { toasts.removeFirst(toasts.count - Self.toastLimit) }
    }

    mutating func dropExpiredToasts(at nowMs: Int64) {
        toasts.removeAll { !$0.isVisible(at: nowMs) }
    }

    /// The `c` key: every toast and the modal go.
    mutating func clear() {
        toasts = []
        modal = nil
    }

    /// Newly stored signals (newest last) with the consensus they leave behind.
    mutating func add(signals rows: [SignalRow], consensus levels: [Symbol: SignalConsensus]) {
        signals.append(contentsOf: rows)
        if signals.count > Self.signalLimit { signals.removeFirst(signals.count - Self.signalLimit) }
        consensus.merge(levels) { _, new in new }
    }

    /// Signals shown as not saved that the history has now stored.
    mutating func markSaved(ids: Set<String>) {
        for i in signals.indices where !signals[i].saved {
            if let id = signals[i].id, ids.contains(id) { signals[i].saved = true }
        }
    }

    mutating func replaceHistory(_ rows: [SignalRow]) {
        signals = Array(rows.suffix(Self.signalLimit))
    }

    mutating func queueTerminal(_ bytes: [UInt8]) {
        terminalBytes.append(contentsOf: bytes)
    }

    mutating func takeTerminalBytes() -> [UInt8] {
        defer { terminalBytes = [] }
        return terminalBytes
    }
}
