import MarketModel

/// The candles of one (symbol, interval): a bounded ring of closed bars keyed by open time, plus
/// the forming bar. Closed bars are final and strictly consecutive; anything that would leave a
/// hole or a duplicate is refused with the reason, so the caller can backfill first.
public struct CandleSeries: Sendable {
    public struct Bar: Sendable, Hashable {
        public var candle: Candle
        /// True when the bar came from REST history rather than the live stream.
        public var backfilled: Bool
    }

    public enum Merge: Sendable, Hashable {
        case appended
        case duplicate
        /// The bar is newer than the next expected one: the bars from `expected` are missing.
        case gap(expected: Int64)
        case formingUpdated
        /// A forming update for a bar that has already closed.
        case stale
    }

    public let symbol: Symbol
    public let interval: Interval
    public let capacity: Int
    private var ring: [Bar?]
    private var head = 0
    public private(set) var count = 0
    public private(set) var forming: Candle?
    public private(set) var lastClosedOpenTime: Int64?
    /// Open times where the exchange's own history has no bar (the first missing one of each hole).
    public private(set) var holes: [Int64] = []

    public static let defaultCapacity = 500
    public static let maximumCapacity = 5000

    public init(symbol: Symbol, interval: Interval, capacity: Int = CandleSeries.defaultCapacity) {
        self.symbol = symbol
        self.interval = interval
        self.capacity = max(1, min(capacity, CandleSeries.maximumCapacity))
        self.ring = Array(repeating: nil, count: self.capacity)
    }

    /// The open time the next closed bar must have, once the series has one.
    public var nextExpectedOpenTime: Int64? {
        lastClosedOpenTime.map { interval.nextOpenTime(after: $0) }
    }

    /// Appends the next closed bar. `acceptingHole` is for REST history, which is authoritative:
    /// when the exchange itself has no bar for an open time (maintenance), the hole is recorded
    /// in `holes` instead of refused.
    public mutating func appendClosed(_ candle: Candle, backfilled: Bool, acceptingHole: Bool = false) -> Merge {
        if let last = lastClosedOpenTime {
            if candle.openTime <= last { return .duplicate }
            let expected = interval.nextOpenTime(after: last)
            if candle.openTime != expected {
                guard acceptingHole else { return .gap(expected: expected) }
                holes.append(expected)
                if holes.count > capacity { holes.removeFirst(holes.count - capacity) }
            }
        }
        var closed = candle
        closed.isClosed = true
        let slot = (head + count) % capacity
        ring[slot] = Bar(candle: closed, backfilled: backfilled)
        if count < capacity {
            count += 1
        } else {
            head = (head + 1) % capacity
        }
        lastClosedOpenTime = candle.openTime
        if let formingOpen = forming?.openTime, formingOpen <= candle.openTime { forming = nil }
        return .appended
    }

    public mutating func updateForming(_ candle: Candle) -> Merge {
        if let last = lastClosedOpenTime, candle.openTime <= last { return .stale }
        // Only the open time is read: binding the forming candle would copy all of it.
        if let formingOpen = forming?.openTime, candle.openTime < formingOpen { return .stale }
        forming = candle
        return .formingUpdated
    }

    /// Closed bars, oldest first.
    public var closedBars: [Bar] {
        (0..<count).compactMap { ring[(head + $0) % capacity] }
    }

    public var lastClosed: Bar? {
        count == 0 ? nil : ring[(head + count - 1) % capacity]
    }

    /// Closed bars then the forming one: what a chart draws.
    public var candlesForDisplay: [Candle] {
        var result = closedBars.map(\.candle)
        if let f = forming { result.append(f) }
        return result
    }
}
