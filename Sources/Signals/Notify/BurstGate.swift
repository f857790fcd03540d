/// Lets the first `limit` signals of each one-second window through and counts the rest, so a
/// burst becomes one "N more signals" summary instead of a wall of toasts, and nothing is
/// dropped without being counted.
struct BurstGate: Sendable {
    struct Summary: Sendable, Equatable {
        var count: Int
        /// Symbol → signals held, for the summary text.
        var symbols: [String: Int]
    }

    let limit: Int
    let window: Int64
    private(set) var windowStart = Int64.min
    private var shown = 0
    private var held = Summary(count: 0, symbols: [:])

    init(limit: Int, window: Int64 = 1000) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// The end of the current window when signals are being held (for the flush timer).
    var pendingUntil: Int64? { held.count > 0 ? windowStart + window : nil }

    /// True: notify this signal now. False: it was counted into the pending summary.
    /// A summary left from an earlier window comes back first through `takeSummary`.
    mutating func admit(symbol: String, now: Int64) -> Bool {
        if now >= windowStart + window || now < windowStart {
            windowStart = now
            shown = 0
        }
        if shown < limit && held.count == 0 {
            shown += 1
            return true
        }
        held.count += 1
        held.symbols[symbol, default: 0] += 1
        return false
    }

    /// The held count once its window is over (or at once when `force`).
    mutating func takeSummary(now: Int64, force: Bool = false) -> Summary? {
        guard held.count > 0, force || now >= windowStart + window else { return nil }
        defer { held = Summary(count: 0, symbols: [:]) }
        return held
    }
}
