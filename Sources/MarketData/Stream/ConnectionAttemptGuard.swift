import Foundation

/// Keeps the whole process under Binance's limit of 300 connection attempts per 5 minutes per IP.
/// Every connection of every manager asks here before dialling; past the budget it is told how
/// long to wait for the oldest attempt to leave the window.
public final class ConnectionAttemptGuard: Sendable {
    public static let shared = ConnectionAttemptGuard(limit: 280, window: 300)

    private let state: Locked<[Double]>
    public let limit: Int
    public let window: Double

    public init(limit: Int, window: Double) {
        self.limit = limit
        self.window = window
        self.state = Locked([])
    }

    /// Reserves an attempt at `now` (monotonic seconds); returns 0, or the seconds to wait first.
    public func reserve(now: Double) -> Double {
        state.withLock { attempts in
            attempts.removeAll { $0 <= now - window }
            if attempts.count < limit {
                attempts.append(now)
                return 0
            }
            return max(0.01, attempts[0] + window - now)
        }
    }

    public func attemptsInWindow(now: Double) -> Int {
        state.withLock { attempts in attempts.filter { $0 > now - window }.count }
    }
}

/// A small lock around a value, for state that several threads touch briefly.
public final class Locked<Value>: @unchecked Sendable {
    // Safe: every access to `value` goes through `withLock`, which holds `lock`.
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) { self.value = value }

    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Seconds on a monotonic clock, for ages and rates (never for candle times).
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Wall-clock epoch milliseconds.
public func wallClockMilliseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}
