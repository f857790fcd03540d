/// A single trade or an aggregated trade.
public struct Trade: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case trade, aggregate }
    public var kind: Kind
    public var symbol: Symbol
    public var eventTime: Int64
    /// Trade id, or the aggregate trade id.
    public var id: Int64
    public var price: ExactDecimal
    public var quantity: ExactDecimal
    public var time: Int64
    public var isBuyerMaker: Bool
    /// Aggregated trades only: the first and last trade ids they cover.
    public var firstTradeId: Int64?
    public var lastTradeId: Int64?
    /// Older trade captures only (removed by Binance in 2024).
    public var buyerOrderId: Int64?
    public var sellerOrderId: Int64?

    public init(kind: Kind, symbol: Symbol, eventTime: Int64, id: Int64, price: ExactDecimal,
                quantity: ExactDecimal, time: Int64, isBuyerMaker: Bool, firstTradeId: Int64? = nil,
                lastTradeId: Int64? = nil, buyerOrderId: Int64? = nil, sellerOrderId: Int64? = nil) {
        self.kind = kind
        self.symbol = symbol
        self.eventTime = eventTime
        self.id = id
        self.price = price
        self.quantity = quantity
        self.time = time
        self.isBuyerMaker = isBuyerMaker
        self.firstTradeId = firstTradeId
        self.lastTradeId = lastTradeId
        self.buyerOrderId = buyerOrderId
        self.sellerOrderId = sellerOrderId
    }
}

/// Best bid and ask.
public struct BookTop: Sendable, Hashable {
    public var symbol: Symbol
    public var updateId: Int64
    public var bidPrice: ExactDecimal
    public var bidQuantity: ExactDecimal
    public var askPrice: ExactDecimal
    public var askQuantity: ExactDecimal
    /// Present on some captures only.
    public var eventTime: Int64?
    public var transactionTime: Int64?

    public init(symbol: Symbol, updateId: Int64, bidPrice: ExactDecimal, bidQuantity: ExactDecimal,
                askPrice: ExactDecimal, askQuantity: ExactDecimal, eventTime: Int64? = nil,
                transactionTime: Int64? = nil) {
        self.symbol = symbol
        self.updateId = updateId
        self.bidPrice = bidPrice
        self.bidQuantity = bidQuantity
        self.askPrice = askPrice
        self.askQuantity = askQuantity
        self.eventTime = eventTime
        self.transactionTime = transactionTime
    }
}

/// Rolling 24-hour statistics: the full ticker, or the mini ticker (which has no change fields,
/// bid/ask or ids; those are nil).
public struct Ticker24h: Sendable, Hashable {
    public var symbol: Symbol
    public var eventTime: Int64
    public var isMini: Bool
    public var last: ExactDecimal
    public var open: ExactDecimal
    public var high: ExactDecimal
    public var low: ExactDecimal
    public var volume: ExactDecimal
    public var quoteVolume: ExactDecimal
    public var priceChange: ExactDecimal?
    public var priceChangePercent: ExactDecimal?
    public var weightedAveragePrice: ExactDecimal?
    public var firstTradePrice: ExactDecimal?
    public var lastQuantity: ExactDecimal?
    public var bidPrice: ExactDecimal?
    public var bidQuantity: ExactDecimal?
    public var askPrice: ExactDecimal?
    public var askQuantity: ExactDecimal?
    public var statsOpenTime: Int64?
    public var statsCloseTime: Int64?
    public var firstTradeId: Int64?
    public var lastTradeId: Int64?
    public var tradeCount: Int64?

    public init(symbol: Symbol, eventTime: Int64, isMini: Bool, last: ExactDecimal, open: ExactDecimal,
                high: ExactDecimal, low: ExactDecimal, volume: ExactDecimal, quoteVolume: ExactDecimal) {
        self.symbol = symbol
        self.eventTime = eventTime
        self.isMini = isMini
        self.last = last
        self.open = open
        self.high = high
        self.low = low
        self.volume = volume
        self.quoteVolume = quoteVolume
    }

    /// Change over the window in percent, from the fields every ticker has.
    public var changePercent: Double {
        if let p = priceChangePercent { return p.doubleValue }
        let o = open.doubleValue
        return o == 0 ? 0 : (last.doubleValue - o) / o * 100
    }
}

/// One price level of an order book.
public struct PriceLevel: Sendable, Hashable {
    public var price: ExactDecimal
    public var quantity: ExactDecimal
    public init(price: ExactDecimal, quantity: ExactDecimal) {
        self.price = price
        self.quantity = quantity
    }
}

/// A book snapshot: the REST depth body, or a partial-depth stream payload.
public struct DepthSnapshot: Sendable, Hashable {
    public var lastUpdateId: Int64
    public var bids: [PriceLevel]
    public var asks: [PriceLevel]
    public init(lastUpdateId: Int64, bids: [PriceLevel], asks: [PriceLevel]) {
        self.lastUpdateId = lastUpdateId
        self.bids = bids
        self.asks = asks
    }
}

/// A diff-depth event: levels to set (quantity 0 removes the level).
public struct DepthUpdate: Sendable, Hashable {
    public var symbol: Symbol
    public var eventTime: Int64
    public var firstUpdateId: Int64
    public var finalUpdateId: Int64
    public var bids: [PriceLevel]
    public var asks: [PriceLevel]
    public init(symbol: Symbol, eventTime: Int64, firstUpdateId: Int64, finalUpdateId: Int64,
                bids: [PriceLevel], asks: [PriceLevel]) {
        self.symbol = symbol
        self.eventTime = eventTime
        self.firstUpdateId = firstUpdateId
        self.finalUpdateId = finalUpdateId
        self.bids = bids
        self.asks = asks
    }
}

/// Everything the market-data stream can tell the client, decoded once at the edge.
///
/// `.ticker` is `indirect` (boxed on the heap): the enum is then as large as a Candle (170
/// bytes) instead of a Ticker24h (345), and the kline hot path, which moves a candle from the
/// decoder to the series, copies half as many bytes at every step.
public enum MarketEvent: Sendable, Hashable {
    case candle(Candle)
    case trade(Trade)
    case bookTop(BookTop)
    indirect case ticker(Ticker24h)
    case tickers([Ticker24h])
    /// Partial book depth; the symbol comes from the stream name when the frame was combined.
    case partialDepth(symbol: Symbol?, DepthSnapshot)
    case depthUpdate(DepthUpdate)

    public var symbol: Symbol? {
        switch self {
        case .candle(let c): return c.symbol
        case .trade(let t): return t.symbol
        case .bookTop(let b): return b.symbol
        case .ticker(let t): return t.symbol
        case .tickers: return nil
        case .partialDepth(let s, _): return s
        case .depthUpdate(let d): return d.symbol
        }
    }
}
