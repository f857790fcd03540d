import MarketModel

/// A kline in integer units (prices in ticks, quantities in lot steps, quote volumes in
/// tick x step): sums are exact, and any interval is the exact fold of its trades or of the
/// minutes it contains.
struct CandleAggregate: Sendable, Equatable {
    var openTime: Int64
    var closeTime: Int64
    var open: Int64
    var high: Int64
    var low: Int64
    var close: Int64
    var volume: Int64 = 0
    var quoteVolume: Int64 = 0
    var takerBuyVolume: Int64 = 0
    var takerBuyQuoteVolume: Int64 = 0
    var trades: Int64 = 0
    var firstTradeId: Int64 = -1
    var lastTradeId: Int64 = -1

    /// A candle without trades yet: every price is the last price traded before it.
    init(openTime: Int64, closeTime: Int64, price: Int64) {
        self.openTime = openTime
        self.closeTime = closeTime
        open = price
        high = price
        low = price
        close = price
    }

    mutating func add(_ event: TradeEvent) {
        if trades == 0 {
            open = event.price
            high = event.price
            low = event.price
            firstTradeId = event.firstTradeId
        } else {
            if event.price > high { high = event.price }
            if event.price < low { low = event.price }
        }
        close = event.price
        lastTradeId = event.lastTradeId
        let quote = event.price * event.quantity
        volume += event.quantity
        quoteVolume += quote
        trades += Int64(event.fillCount)
        if !event.buyerIsMaker {
            takerBuyVolume += event.quantity
            takerBuyQuoteVolume += quote
        }
    }

    /// Folds a later, adjacent candle (for example a minute) into this one.
    mutating func add(_ later: CandleAggregate) {
        guard later.trades > 0 else { return }
        if trades == 0 {
            open = later.open
            high = later.high
            low = later.low
            firstTradeId = later.firstTradeId
        } else {
            if later.high > high { high = later.high }
            if later.low < low { low = later.low }
        }
        close = later.close
        lastTradeId = later.lastTradeId
        volume += later.volume
        quoteVolume += later.quoteVolume
        takerBuyVolume += later.takerBuyVolume
        takerBuyQuoteVolume += later.takerBuyQuoteVolume
        trades += later.trades
    }

    func candle(spec: SymbolSpec, interval: Interval, isClosed: Bool) -> Candle {
        func price(_ ticks: Int64) -> ExactDecimal { ExactDecimal(mantissa: ticks, scale: UInt8(spec.tickDecimals)) }
        func qty(_ steps: Int64) -> ExactDecimal { ExactDecimal(mantissa: steps, scale: UInt8(spec.stepDecimals)) }
        func quote(_ units: Int64) -> ExactDecimal { ExactDecimal(mantissa: units, scale: UInt8(spec.quoteScale)) }
        return Candle(symbol: spec.symbol, interval: interval, openTime: openTime, closeTime: closeTime,
                      open: price(open), high: price(high), low: price(low), close: price(close),
                      volume: qty(volume), quoteVolume: quote(quoteVolume), trades: trades,
                      takerBuyBaseVolume: qty(takerBuyVolume), takerBuyQuoteVolume: quote(takerBuyQuoteVolume),
                      isClosed: isClosed)
    }
}
