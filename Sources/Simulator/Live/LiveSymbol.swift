import MarketModel

/// One symbol being played out in simulated time: walks its trades in order, keeps the
/// forming candle of every interval someone watches, closes candles exactly at their
/// boundaries, and moves its order book. Confined to the exchange's event loop.
final class LiveSymbol {
    let index: Int
    let spec: SymbolSpec
    private let history: MarketHistory

    /// Every trade with time <= cursor has been played.
    private(set) var cursor: Int64
    private var minute: Int64
    private var minuteTrades: MinuteTrades
    private var nextEvent: Int
    private(set) var lastPrice: Int64
    private(set) var lastQuantity: Int64 = 0
    private var lastWasSell = true
    /// The latest trade played and the quantity of its last fill, repeated by the firehose.
    private var latest: (event: TradeEvent, lastFill: Int64)?

    /// Forming candles, by interval.
    private(set) var forming: [Interval: CandleAggregate] = [:]
    private(set) var book: OrderBook
    private var lastBookStep: Int64

    // What the last `advance` produced, for the connections to send.
    private(set) var closed: [Interval: [CandleAggregate]] = [:]
    private(set) var played: [TradeEvent] = []
    private(set) var playedFills: [Int64] = []
    private(set) var bookDiff: BookDiff?
    private(set) var topChanged = false

    private var windowMinute: Int64 = .min
    /// A marker print in force (see `MarkOverlay`); the engine sets and releases it.
    var mark: MarkOverlay?
    private var closedWindow: CandleAggregate?

    init(index: Int, history: MarketHistory, now: Int64) {
        self.index = index
        self.history = history
        spec = history.specs[index]
        cursor = now
        minute = floorDivide(now, Interval.minute) * Interval.minute
        minuteTrades = history.trades(index, minute: minute)
        nextEvent = minuteTrades.events.firstIndex { $0.time > now } ?? minuteTrades.events.count
        lastPrice = history.priceBefore(index, time: now + 1)
        if nextEvent > 0 {
            let last = minuteTrades.events[nextEvent - 1]
            lastQuantity = last.quantity
            lastWasSell = last.buyerIsMaker
            latest = (last, minuteTrades.fills[Int(last.fillStart) + Int(last.fillCount) - 1])
        }
        let meanBookQuantity = spec.meanFillNotional * 3 / (Double(lastPrice) / pow10(spec.tickDecimals)) * pow10(spec.stepDecimals)
        book = OrderBook(seed: history.seed, symbolIndex: index, price: lastPrice, meanQuantity: meanBookQuantity)
        lastBookStep = now
        watch(.m1)
    }

    /// Starts keeping the forming candle of `interval`, rebuilt from history up to the cursor
    /// so it matches what the trades played so far add up to.
    func watch(_ interval: Interval) {
        guard forming[interval] == nil else { return }
        let open = interval.openTime(containing: cursor)
        forming[interval] = history.candle(index, interval, openTime: open, upTo: cursor)
            ?? CandleAggregate(openTime: open, closeTime: interval.nextOpenTime(after: open) - 1, price: lastPrice)
    }

    /// Plays every trade up to `now` and closes the candles whose end has passed.
    func advance(to now: Int64) {
        closed.removeAll(keepingCapacity: true)
        played.removeAll(keepingCapacity: true)
        playedFills.removeAll(keepingCapacity: true)
        bookDiff = nil
        topChanged = false
        guard now > cursor else { return }
        while true {
            while nextEvent < minuteTrades.events.count {
                let event = minuteTrades.events[nextEvent]
                if event.time > now { break }
                close(before: event.time)
                play(event)
                nextEvent += 1
            }
            if nextEvent < minuteTrades.events.count || now < minute + Interval.minute { break }
            minute += Interval.minute
            minuteTrades = history.trades(index, minute: minute)
            nextEvent = 0
        }
        close(before: now + 1)
        cursor = now
        // The book moves at most every 100 ms of simulated time: enough for the 100 ms
        // depth streams, and bounded work at high speed.
        if now - lastBookStep >= 100 {
            lastBookStep = now
            let before = (book.bestBid, book.bestAsk, book.lastUpdateId)
            bookDiff = book.step(lastPrice: lastPrice, lastWasSell: lastWasSell)
            topChanged = before != (book.bestBid, book.bestAsk, book.lastUpdateId)
        }
    }

    private func play(_ event: TradeEvent) {
        let start = Int(event.fillStart)
        var copy = event
        copy.fillStart = Int32(playedFills.count)
        playedFills.append(contentsOf: minuteTrades.fills[start..<start + Int(event.fillCount)])
        played.append(copy)
        for key in forming.keys { forming[key]!.add(event) }
        // The first real trade after a mark's hold ends the marker's overlay.
        if mark?.released == true { mark = nil }
        lastPrice = event.price
        lastQuantity = event.quantity
        lastWasSell = event.buyerIsMaker
        latest = (event, minuteTrades.fills[start + Int(event.fillCount) - 1])
    }

    /// The latest trade at or before the cursor, with its last fill's quantity; looked up in
    /// the hour before the start when nothing has been played yet (nil if that hour is empty).
    func latestTrade() -> (event: TradeEvent, lastFill: Int64)? {
        if let latest { return latest }
        var minute = self.minute - Interval.minute
        while latest == nil, minute >= max(history.origin, self.minute - Interval.hour) {
            let trades = history.trades(index, minute: minute)
            if let last = trades.events.last {
                latest = (last, trades.fills[Int(last.fillStart) + Int(last.fillCount) - 1])
            }
            minute -= Interval.minute
        }
        return latest
    }

    /// Closes every forming candle that ends before `time`, oldest first; empty candles
    /// (a 1s candle without trades) carry the last price, as Binance's do.
    private func close(before time: Int64) {
        for (interval, candle) in forming where candle.closeTime < time {
            var current = candle
            var list = closed[interval] ?? []
            while current.closeTime < time {
                list.append(current)
                let open = current.closeTime + 1
                current = CandleAggregate(openTime: open, closeTime: interval.nextOpenTime(after: open) - 1, price: lastPrice)
            }
            closed[interval] = list
            forming[interval] = current
        }
    }

    /// The forming bar of `interval` as clients see it: with the marker as its close while a
    /// mark printed into this very bar is in force.
    func shown(_ interval: Interval) -> CandleAggregate? {
        guard let candle = forming[interval] else { return nil }
        guard let mark, interval.openTime(containing: mark.time) == candle.openTime else { return candle }
        return candle.marked(mark.price)
    }

    /// The last 24 hours at minute granularity, up to the cursor.
    func window() -> TickerWindow {
        let currentMinute = floorDivide(cursor, Interval.minute) * Interval.minute
        let windowStart = currentMinute - 1_439 * Interval.minute
        if windowMinute != currentMinute {
            windowMinute = currentMinute
            closedWindow = history.span(index, from: max(windowStart, history.origin), to: currentMinute)
        }
        var stats = closedWindow ?? CandleAggregate(openTime: windowStart, closeTime: cursor, price: lastPrice)
        if let m = forming[.m1] { stats.add(m) }
        if stats.trades == 0 { stats = CandleAggregate(openTime: windowStart, closeTime: cursor, price: lastPrice) }
        if let mark, let m = forming[.m1], Interval.m1.openTime(containing: mark.time) == m.openTime {
            stats = stats.marked(mark.price)
        }
        return TickerWindow(stats: stats, previousPrice: history.priceBefore(index, time: max(windowStart, history.origin)),
                            lastQuantity: lastQuantity, openTime: cursor - Interval.day, closeTime: cursor, spec: spec)
    }
}

func pow10(_ n: Int) -> Double { (0..<max(0, n)).reduce(1.0) { r, _ in r * 10 } }
