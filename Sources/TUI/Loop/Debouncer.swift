/// Fires `delay` ms after the last event of a burst, but no later than `maxWait` ms after the
/// burst's first event, so holding a key down still shows progress.
public struct Debouncer: Sendable, Equatable {
    public let delay: Int64
    public let maxWait: Int64
    public private(set) var first: Int64?
    public private(set) var last: Int64?

    public init(delayMs: Int64, maxWaitMs: Int64) {
        delay = delayMs
        maxWait = max(delayMs, maxWaitMs)
    }

    public var isPending: Bool { first != nil }

    public mutating func note(at now: Int64) {
        if first == nil { first = now }
        last = now
    }

    /// When the burst is due, or nil when nothing is pending.
    public var deadline: Int64? {
        guard let first, let last else { return nil }
        return min(last + delay, first + maxWait)
    }

    public func isDue(at now: Int64) -> Bool {
        guard let d = deadline else { return false }
        return now >= d
    }

    public mutating func reset() {
        first = nil
        last = nil
    }
}
