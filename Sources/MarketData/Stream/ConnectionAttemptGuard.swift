import MarketModel

/// Keeps the whole process under a venue's limit on connection attempts per IP (300 per 5 minutes by default).
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
