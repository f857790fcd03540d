import MarketModel

/// Binance's payloads, written by hand: field names and order as on the real wire, prices and
/// quantities as strings with 8 decimals, times and ids as integers.
struct Frames {
    let spec: SymbolSpec

    func price(_ ticks: Int64) -> String { JSONText.quotedDecimal(ticks, scale: spec.tickDecimals) }
    func qty(_ steps: Int64) -> String { JSONText.quotedDecimal(steps, scale: spec.stepDecimals) }
    func quote(_ units: Int64) -> String { JSONText.quotedDecimal(units, scale: spec.quoteScale) }

    func kline(_ c: CandleAggregate, interval: Interval, closed: Bool, eventTime: Int64) -> String {
        let s = spec.symbol.name
        return "{\"e\":\"kline\",\"E\":\(eventTime),\"s\":\"\(s)\",\"k\":{\"t\":\(c.openTime),\"T\":\(c.closeTime),"
            + "\"s\":\"\(s)\",\"i\":\"\(interval.rawValue)\",\"f\":\(c.firstTradeId),\"L\":\(c.lastTradeId),"
            + "\"o\":\(price(c.open)),\"c\":\(price(c.close)),\"h\":\(price(c.high)),\"l\":\(price(c.low)),"
            + "\"v\":\(qty(c.volume)),\"n\":\(c.trades),\"x\":\(closed),\"q\":\(quote(c.quoteVolume)),"
            + "\"V\":\(qty(c.takerBuyVolume)),\"Q\":\(quote(c.takerBuyQuoteVolume)),\"B\":\"0\"}}"
    }

    /// The REST layout: 12 columns, open time first, the unused "0" last.
    func klineRow(_ c: CandleAggregate) -> String {
        "[\(c.openTime),\(price(c.open)),\(price(c.high)),\(price(c.low)),\(price(c.close)),\(qty(c.volume)),"
            + "\(c.closeTime),\(quote(c.quoteVolume)),\(c.trades),\(qty(c.takerBuyVolume)),"
            + "\(quote(c.takerBuyQuoteVolume)),\"0\"]"
    }

    func aggTrade(_ e: TradeEvent, eventTime: Int64) -> String {
        "{\"e\":\"aggTrade\",\"E\":\(eventTime),\"s\":\"\(spec.symbol.name)\",\"a\":\(e.aggregateId),"
            + "\"p\":\(price(e.price)),\"q\":\(qty(e.quantity)),\"f\":\(e.firstTradeId),\"l\":\(e.lastTradeId),"
            + "\"T\":\(e.time),\"m\":\(e.buyerIsMaker),\"M\":true}"
    }

    func trade(_ e: TradeEvent, id: Int64, quantity: Int64, eventTime: Int64) -> String {
        "{\"e\":\"trade\",\"E\":\(eventTime),\"s\":\"\(spec.symbol.name)\",\"t\":\(id),"
            + "\"p\":\(price(e.price)),\"q\":\(qty(quantity)),\"T\":\(e.time),\"m\":\(e.buyerIsMaker),\"M\":true}"
    }

    func bookTicker(_ book: OrderBook) -> String {
        "{\"u\":\(book.lastUpdateId),\"s\":\"\(spec.symbol.name)\",\"b\":\(price(book.bestBid)),"
            + "\"B\":\(qty(book.bids[book.bestBid] ?? 0)),\"a\":\(price(book.bestAsk)),\"A\":\(qty(book.asks[book.bestAsk] ?? 0))}"
    }

    func miniTicker(_ w: TickerWindow, eventTime: Int64) -> String {
        "{\"e\":\"24hrMiniTicker\",\"E\":\(eventTime),\"s\":\"\(spec.symbol.name)\",\"c\":\(price(w.stats.close)),"
            + "\"o\":\(price(w.stats.open)),\"h\":\(price(w.stats.high)),\"l\":\(price(w.stats.low)),"
            + "\"v\":\(qty(w.stats.volume)),\"q\":\(quote(w.stats.quoteVolume))}"
    }

    func ticker(_ w: TickerWindow, book: OrderBook, eventTime: Int64) -> String {
        let s = w.stats
        return "{\"e\":\"24hrTicker\",\"E\":\(eventTime),\"s\":\"\(spec.symbol.name)\",\"p\":\(price(s.close - s.open)),"
            + "\"P\":\"\(w.changePercent)\",\"w\":\(w.weightedAverage),\"x\":\(price(w.previousPrice)),"
            + "\"c\":\(price(s.close)),\"Q\":\(qty(w.lastQuantity)),\"b\":\(price(book.bestBid)),"
            + "\"B\":\(qty(book.bids[book.bestBid] ?? 0)),\"a\":\(price(book.bestAsk)),\"A\":\(qty(book.asks[book.bestAsk] ?? 0)),"
            + "\"o\":\(price(s.open)),\"h\":\(price(s.high)),\"l\":\(price(s.low)),\"v\":\(qty(s.volume)),"
            + "\"q\":\(quote(s.quoteVolume)),\"O\":\(w.openTime),\"C\":\(w.closeTime),\"F\":\(s.firstTradeId),"
            + "\"L\":\(s.lastTradeId),\"n\":\(s.trades)}"
    }

    /// REST `/api/v3/ticker/24hr` object.
    func tickerREST(_ w: TickerWindow, book: OrderBook) -> String {
        let s = w.stats
        return "{\"symbol\":\"\(spec.symbol.name)\",\"priceChange\":\(price(s.close - s.open)),"
            + "\"priceChangePercent\":\"\(w.changePercent)\",\"weightedAvgPrice\":\(w.weightedAverage),"
            + "\"prevClosePrice\":\(price(w.previousPrice)),\"lastPrice\":\(price(s.close)),\"lastQty\":\(qty(w.lastQuantity)),"
            + "\"bidPrice\":\(price(book.bestBid)),\"bidQty\":\(qty(book.bids[book.bestBid] ?? 0)),"
            + "\"askPrice\":\(price(book.bestAsk)),\"askQty\":\(qty(book.asks[book.bestAsk] ?? 0)),"
            + "\"openPrice\":\(price(s.open)),\"highPrice\":\(price(s.high)),\"lowPrice\":\(price(s.low)),"
            + "\"volume\":\(qty(s.volume)),\"quoteVolume\":\(quote(s.quoteVolume)),\"openTime\":\(w.openTime),"
            + "\"closeTime\":\(w.closeTime),\"firstId\":\(s.firstTradeId),\"lastId\":\(s.lastTradeId),\"count\":\(s.trades)}"
    }

    func levels(_ levels: [(Int64, Int64)]) -> String {
        "[" + levels.map { "[\(price($0.0)),\(qty($0.1))]" }.joined(separator: ",") + "]"
    }

    func partialDepth(_ book: OrderBook, levels n: Int) -> String {
        let (bids, asks) = book.top(n)
        return "{\"lastUpdateId\":\(book.lastUpdateId),\"bids\":\(levels(bids)),\"asks\":\(levels(asks))}"
    }

    func depthUpdate(_ diff: BookDiff, eventTime: Int64) -> String {
        "{\"e\":\"depthUpdate\",\"E\":\(eventTime),\"s\":\"\(spec.symbol.name)\",\"U\":\(diff.firstUpdateId),"
            + "\"u\":\(diff.finalUpdateId),\"b\":\(levels(diff.sortedBids)),\"a\":\(levels(diff.sortedAsks))}"
    }

    static func serverShutdown(eventTime: Int64) -> String {
        "{\"e\":\"serverShutdown\",\"E\":\(eventTime)}"
    }

    static func combined(stream: String, payload: String) -> String {
        "{\"stream\":\(JSONText.quoted(stream)),\"data\":\(payload)}"
    }
}

/// Rolling 24-hour statistics of one symbol, at minute granularity (Binance's windows are
/// also up to a minute wider than 24 h).
struct TickerWindow: Sendable {
    var stats: CandleAggregate
    var previousPrice: Int64
    var lastQuantity: Int64
    var openTime: Int64
    var closeTime: Int64
    var spec: SymbolSpec

    /// Percent change with 3 decimals, as Binance writes it ("-0.693").
    var changePercent: String {
        guard stats.open != 0 else { return "0.000" }
        let thousandths = ((Double(stats.close - stats.open) / Double(stats.open)) * 100_000).rounded()
        return JSONText.decimal(Int64(thousandths), scale: 3, decimals: 3)
    }

    var weightedAverage: String {
        guard stats.volume > 0 else { return JSONText.quotedDecimal(stats.close, scale: spec.tickDecimals) }
        // Quote units (tick x step) over steps leave a price in ticks; Binance prints the
        // average with 8 decimals, which an average need not hit exactly, so it is rounded.
        let ticks = Double(stats.quoteVolume) / Double(stats.volume)
        return JSONText.quotedDecimal(Int64((ticks * pow10(8 - spec.tickDecimals)).rounded()), scale: 8)
    }
}
