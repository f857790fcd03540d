/// Reconnect delays: the first retry is immediate, then exponential with full jitter
/// (a uniform draw between 0 and min(cap, base * 2^(n-1))), reset once a connection has been
/// stable for `stableAfter`. Full jitter spreads reconnect storms from many clients.
public struct Backoff: Sendable {
    public var base: Double
    public var cap: Double
    public var stableAfter: Double
    public private(set) var failures = 0

    public init(base: Double = 0.5, cap: Double = 30, stableAfter: Double = 60) {
        self.base = base
        self.cap = cap
        self.stableAfter = stableAfter
    }

    /// The ceiling of the next delay, before jitter.
    public var nextCeiling: Double {
        guard failures > 0 else { return 0 }
        let exponent = min(failures - 1, 30)
        return min(cap, base * Double(1 << exponent))
    }

    /// Records a failed or lost connection and returns how long to wait before the next attempt.
    public mutating func nextDelay<G: RandomNumberGenerator>(using rng: inout G) -> Double {
        let ceiling = nextCeiling
        failures += 1
        return ceiling == 0 ? 0 : Double.random(in: 0...ceiling, using: &rng)
    }

    public mutating func nextDelay() -> Double {
        var rng = SystemRandomNumberGenerator()
        return nextDelay(using: &rng)
    }

    /// As `nextDelay()`, with the draw below the ceiling made by `jitter` (kept within 0...ceiling).
    public mutating func nextDelay(jitter: (Double) -> Double) -> Double {
        let ceiling = nextCeiling
        failures += 1
        return ceiling == 0 ? 0 : min(ceiling, max(0, jitter(ceiling)))
    }

    /// Called when a connection has stayed live for `stableAfter` seconds.
    public mutating func reset() { failures = 0 }
}
