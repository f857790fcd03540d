/// Binance's REQUEST_WEIGHT limiter over a rolling minute of real time, with the 429 ->
/// Retry-After -> 418 ban escalation for clients that do not back off.
struct RequestWeight: Sendable {
    enum Decision: Equatable {
        case allowed(used: Int)
        /// Over budget, or called again inside a Retry-After window.
        case tooMany(retryAfter: Int, used: Int)
        case banned(retryAfter: Int, until: UInt64, used: Int)
    }

    static let window: UInt64 = 60_000_000_000
    /// Calls inside a Retry-After window tolerated before the ban.
    static let strikesBeforeBan = 3

    private var entries: [(time: UInt64, weight: Int)] = []
    private var retryUntil: UInt64 = 0
    private var strikes = 0
    private(set) var bannedUntil: UInt64 = 0

    var retryUntilReal: UInt64 { retryUntil }

    private mutating func prune(_ now: UInt64) {
        let cutoff = now > RequestWeight.window ? now - RequestWeight.window : 0
        if let keep = entries.firstIndex(where: { $0.time > cutoff }) {
            entries.removeFirst(keep)
        } else {
            entries.removeAll()
        }
    }

    mutating func used(now: UInt64) -> Int {
        prune(now)
        return entries.reduce(0) { $0 + $1.weight }
    }

    /// Checks a call against a ban or a Retry-After window in force; nil lets it through.
    /// Calls inside the window are strikes, and the third strike bans (418).
    mutating func gate(now: UInt64, banNanoseconds: UInt64) -> Decision? {
        let current = used(now: now)
        if now < bannedUntil {
            return .banned(retryAfter: seconds(bannedUntil - now), until: bannedUntil, used: current)
        }
        guard now < retryUntil else { return nil }
        strikes += 1
        if strikes >= RequestWeight.strikesBeforeBan {
            bannedUntil = now + banNanoseconds
            strikes = 0
            return .banned(retryAfter: seconds(banNanoseconds), until: bannedUntil, used: current)
        }
        return .tooMany(retryAfter: seconds(retryUntil - now), used: current)
    }

    /// Charges a call's weight, or refuses it (429) when the minute's budget would overflow.
    mutating func charge(weight: Int, limit: Int, now: UInt64) -> Decision {
        let current = used(now: now)
        if current + weight > limit {
            // Retry once enough of the window has expired for this call to fit.
            var freed = 0
            var until = now + 1_000_000_000
            for entry in entries {
                freed += entry.weight
                if current - freed + weight <= limit {
                    until = entry.time + RequestWeight.window
                    break
                }
            }
            retryUntil = until
            return .tooMany(retryAfter: seconds(until - now), used: current)
        }
        strikes = 0
        entries.append((now, weight))
        return .allowed(used: current + weight)
    }

    /// A Retry-After window imposed by an injected 429 or 418.
    mutating func imposeRetryWindow(seconds: Int, now: UInt64) {
        retryUntil = max(retryUntil, now + UInt64(seconds) * 1_000_000_000)
    }

    mutating func liftBan() {
        bannedUntil = 0
        retryUntil = 0
        strikes = 0
    }

    private func seconds(_ nanoseconds: UInt64) -> Int {
        Int((nanoseconds + 999_999_999) / 1_000_000_000)
    }
}
