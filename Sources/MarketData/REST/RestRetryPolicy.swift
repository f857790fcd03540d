/// Exponential backoff with full jitter (AWS's "full jitter": a uniform draw between zero and
/// the exponential ceiling), so many clients failing at once do not retry in lock-step.
enum RestRetryPolicy {
    /// The wait before retry number `attempt + 1` (attempt 0 is the first retry).
    static func delay(attempt: Int, base: Duration, cap: Duration,
                      unit: Double = Double.random(in: 0...1)) -> Duration {
        ceiling(attempt: attempt, base: base, cap: cap) * unit
    }

    static func ceiling(attempt: Int, base: Duration, cap: Duration) -> Duration {
        // Past 2^20 the cap has long taken over; stopping there keeps the multiply finite.
        let factor = 1 << min(max(0, attempt), 20)
        let grown = base * factor
        return grown < cap ? grown : cap
    }
}
