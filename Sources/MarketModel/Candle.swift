/// One kline as the exchange reports it. Prices and volumes keep the exchange's exact digits.
public struct Candle: Sendable, Hashable, Codable {
    public var symbol: Symbol
    public var interval: Interval
    public var openTime: Int64
    public var closeTime: Int64
    public var open: ExactDecimal
    public var high: ExactDecimal
    public var low: ExactDecimal
    public var close: ExactDecimal
    public var volume: ExactDecimal
    public var quoteVolume: ExactDecimal
    public var trades: Int64
    public var takerBuyBaseVolume: ExactDecimal
    public var takerBuyQuoteVolume: ExactDecimal
    /// False while the candle is still forming.
    public var isClosed: Bool

    public init(symbol: Symbol, interval: Interval, openTime: Int64, closeTime: Int64,
                open: ExactDecimal, high: ExactDecimal, low: ExactDecimal, close: ExactDecimal,
                volume: ExactDecimal, quoteVolume: ExactDecimal = .zero, trades: Int64 = 0,
                takerBuyBaseVolume: ExactDecimal = .zero, takerBuyQuoteVolume: ExactDecimal = .zero,
                isClosed: Bool) {
        self.symbol = symbol
        self.interval = interval
        self.openTime = openTime
        self.closeTime = closeTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.quoteVolume = quoteVolume
        self.trades = trades
        self.takerBuyBaseVolume = takerBuyBaseVolume
        self.takerBuyQuoteVolume = takerBuyQuoteVolume
        self.isClosed = isClosed
    }

    /// Same bar values (the identity and OHLCV), ignoring the closed flag: what "equals the truth" means.
    public func sameBar(as other: Candle) -> Bool {
        symbol == other.symbol && interval == other.interval && openTime == other.openTime
            && open == other.open && high == other.high && low == other.low && close == other.close
            && volume == other.volume
    }
}
