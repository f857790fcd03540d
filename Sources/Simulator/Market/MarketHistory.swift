import MarketModel

/// The canonical market: every trade of every symbol from the origin on, generated lazily a
/// day at a time and cached as 1m candles plus the recipes to regenerate any minute's trades.
/// Every interval is an exact fold of those trades, so the stream, REST and the truth agree.
final class MarketHistory: Sendable {
    let seed: UInt64
    let specs: [SymbolSpec]
    /// First millisecond with trades (00:00 UTC of the first history day).
    let origin: Int64

    private struct Cache: Sendable {
        var anchors: [DayAnchors]
        var days: [[Int64: MarketDay]]
        var minuteTrades: [[Int64: MinuteTrades]]
    }

    private let cache: Locked<Cache>

    init(seed: UInt64, specs: [SymbolSpec], origin: Int64) {
        self.seed = seed
        self.specs = specs
        self.origin = origin
        let anchors = specs.enumerated().map { DayAnchors(seed: seed, symbolIndex: $0.offset, spec: $0.element) }
        cache = Locked(Cache(anchors: anchors, days: Array(repeating: [:], count: specs.count),
                             minuteTrades: Array(repeating: [:], count: specs.count)))
    }

    func index(of symbol: Symbol) -> Int? { specs.firstIndex { $0.symbol == symbol } }

    // MARK: minutes

    func minuteCandle(_ symbol: Int, minute: Int64) -> CandleAggregate {
        cache.withLock { Self.minuteCandle(&$0, self, symbol, minute) }
    }

    func trades(_ symbol: Int, minute: Int64) -> MinuteTrades {
        cache.withLock { Self.trades(&$0, self, symbol, minute) }
    }

    /// Price of the last trade before `time`, in ticks.
    func priceBefore(_ symbol: Int, time: Int64) -> Int64 {
        cache.withLock { Self.priceBefore(&$0, self, symbol, time) }
    }

    // MARK: candles

    /// The candle of `interval` opening at `openTime`, from the trades made up to and
    /// including `upTo`; nil when none of it lies inside [origin, upTo].
    func candle(_ symbol: Int, _ interval: Interval, openTime: Int64, upTo: Int64) -> CandleAggregate? {
        cache.withLock { Self.aggregate(&$0, self, symbol, interval, openTime, upTo) }
    }

    func candles(_ symbol: Int, _ interval: Interval, openTimes: [Int64], upTo: Int64) -> [CandleAggregate] {
        cache.withLock { c in openTimes.compactMap { Self.aggregate(&c, self, symbol, interval, $0, upTo) } }
    }

    /// Closed candles with open time in [from, to] (defaults: all history up to now).
    func closedCandles(_ symbol: Int, _ interval: Interval, from: Int64?, to: Int64?, now: Int64) -> [CandleAggregate] {
        var times: [Int64] = []
        let lower = max(from ?? Int64.min, interval.openTime(containing: origin))
        var t = interval.openTime(containing: lower)
        if t < lower { t = interval.nextOpenTime(after: t) }
        let upper = to ?? Int64.max
        while t <= upper && interval.nextOpenTime(after: t) <= now {
            times.append(t)
            t = interval.nextOpenTime(after: t)
        }
        return candles(symbol, interval, openTimes: times, upTo: now)
    }

    /// Whole minutes in [from, to) folded into one aggregate; nil when they hold no trades.
    func span(_ symbol: Int, from: Int64, to: Int64) -> CandleAggregate? {
        cache.withLock { c in
            var total = CandleAggregate(openTime: from, closeTime: to - 1, price: 0)
            var minute = from
            while minute < to {
                total.add(Self.minuteCandle(&c, self, symbol, minute))
                minute += Interval.minute
            }
            return total.trades > 0 ? total : nil
        }
    }

    /// Rolling 24 h statistics at `now` (REST `ticker/24hr`).
    func tickerWindow(_ symbol: Int, now: Int64) -> TickerWindow {
        let currentMinute = floorDivide(now, Interval.minute) * Interval.minute
        let windowStart = max(currentMinute - 1_439 * Interval.minute, origin)
        let last = priceBefore(symbol, time: now + 1)
        var stats = span(symbol, from: windowStart, to: currentMinute)
            ?? CandleAggregate(openTime: windowStart, closeTime: now, price: last)
        if let partial = candle(symbol, .m1, openTime: currentMinute, upTo: now) { stats.add(partial) }
        let trades = self.trades(symbol, minute: currentMinute).events.filter { $0.time <= now }
        let lastQuantity = trades.last?.quantity ?? 0
        return TickerWindow(stats: stats, previousPrice: priceBefore(symbol, time: windowStart),
                            lastQuantity: lastQuantity, openTime: now - Interval.day, closeTime: now, spec: specs[symbol])
    }

    // MARK: inside the lock

    private static func day(_ c: inout Cache, _ h: MarketHistory, _ s: Int, _ day: Int64) -> MarketDay {
        if let cached = c.days[s][day] { return cached }
        let open = c.anchors[s].logPrice(day: day)
        let next = c.anchors[s].logPrice(day: day + 1)
        let generated = MarketDay.generate(seed: h.seed, symbolIndex: s, spec: h.specs[s], day: day,
                                           openLog: open, nextOpenLog: next)
        c.days[s][day] = generated
        return generated
    }

    private static func locate(_ minute: Int64) -> (day: Int64, index: Int) {
        let day = floorDivide(minute, Interval.day)
        return (day, Int((minute - day * Interval.day) / Interval.minute))
    }

    private static func minuteCandle(_ c: inout Cache, _ h: MarketHistory, _ s: Int, _ minute: Int64) -> CandleAggregate {
        let (d, i) = locate(minute)
        return day(&c, h, s, d).candles[i]
    }

    private static func trades(_ c: inout Cache, _ h: MarketHistory, _ s: Int, _ minute: Int64) -> MinuteTrades {
        if let cached = c.minuteTrades[s][minute] { return cached }
        let (d, i) = locate(minute)
        let recipe = day(&c, h, s, d).recipes[i]
        let generated = MinuteTrades.generate(seed: h.seed, symbolIndex: s, recipe: recipe)
        // Live streams walk forward minute by minute and REST asks for recent ones: a small
        // cache is enough, and clearing it wholesale keeps memory flat.
        if c.minuteTrades[s].count >= 256 { c.minuteTrades[s].removeAll(keepingCapacity: true) }
        c.minuteTrades[s][minute] = generated
        return generated
    }

    private static func priceBefore(_ c: inout Cache, _ h: MarketHistory, _ s: Int, _ time: Int64) -> Int64 {
        let minute = floorDivide(time, Interval.minute) * Interval.minute
        if time > minute {
            let t = trades(&c, h, s, minute)
            if let last = t.events.last(where: { $0.time < time }) { return last.price }
        }
        return minuteCandle(&c, h, s, minute - Interval.minute).close
    }

    private static func aggregate(_ c: inout Cache, _ h: MarketHistory, _ s: Int, _ interval: Interval,
                                  _ openTime: Int64, _ upTo: Int64) -> CandleAggregate? {
        let next = interval.nextOpenTime(after: openTime)
        let start = max(openTime, h.origin)
        let end = min(next, upTo + 1)
        guard start < end else { return nil }
        var candle = CandleAggregate(openTime: openTime, closeTime: next - 1, price: 0)
        var minute = floorDivide(start, Interval.minute) * Interval.minute
        while minute < end {
            if minute >= start && minute + Interval.minute <= end {
                candle.add(minuteCandle(&c, h, s, minute))
            } else {
                let t = trades(&c, h, s, minute)
                for event in t.events where event.time >= start && event.time < end { candle.add(event) }
            }
            minute += Interval.minute
        }
        if candle.trades == 0 {
            let p = priceBefore(&c, h, s, start)
            candle.open = p
            candle.high = p
            candle.low = p
            candle.close = p
        }
        return candle
    }
}

@inline(__always)
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
