import MarketModel

/// Where one (symbol, interval) series stands on the wire: the last closed bar's open time and
/// the forming bar's. Enough to tell a next bar from a repeat or a gap; the bars themselves are
/// kept once, by the consumer that owns the series.
struct SeriesCursor: Sendable {
    enum Merge: Sendable, Hashable {
        case appended
        case duplicate
        /// Bars from `expected` on are missing.
        case gap(expected: Int64)
        case formingUpdated
        /// A forming update for a bar that has already closed, or an older one.
        case stale
    }

    let interval: Interval
    private(set) var lastClosedOpenTime: Int64?
    private(set) var formingOpenTime: Int64?
    var backfilling = false
    var backfillRequested = false
    /// Live closes that arrived while a backfill ran, applied after it in open-time order.
    var pendingCloses: [Candle] = []

    init(interval: Interval) { self.interval = interval }

    var nextExpectedOpenTime: Int64? {
        lastClosedOpenTime.map { interval.nextOpenTime(after: $0) }
    }

    /// `acceptingHole` is for REST history, which is authoritative: a bar the exchange itself
    /// never had (maintenance) is skipped rather than waited for.
    /// A closed bar that opened at `openTime`. Only open times are passed: a candle is 170 bytes.
    mutating func close(openTime: Int64, acceptingHole: Bool = false) -> Merge {
        if let last = lastClosedOpenTime {
            if openTime <= last { return .duplicate }
            let expected = interval.nextOpenTime(after: last)
            if openTime != expected, !acceptingHole { return .gap(expected: expected) }
        }
        lastClosedOpenTime = openTime
        if let f = formingOpenTime, f <= openTime { formingOpenTime = nil }
        return .appended
    }

    /// A forming update of the bar that opened at `openTime`.
    mutating func form(openTime: Int64) -> Merge {
        if let last = lastClosedOpenTime, openTime <= last { return .stale }
        if let f = formingOpenTime, openTime < f { return .stale }
        formingOpenTime = openTime
        return .formingUpdated
    }
}
