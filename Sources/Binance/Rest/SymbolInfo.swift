import MarketModel

/// What the monitor needs to know about one symbol from `exchangeInfo`.
public struct SymbolInfo: Sendable, Hashable {
    public var symbol: Symbol
    /// `TRADING`, `HALT`, `BREAK`, `END_OF_DAY`, `CANCEL_ONLY`, or whatever Binance adds.
    public var status: String
    public var baseAsset: String
    public var quoteAsset: String
    /// PRICE_FILTER's tick size; nil when the filter is missing or disabled (0).
    public var tickSize: ExactDecimal?
    /// LOT_SIZE's step size; nil when the filter is missing or disabled (0).
    public var stepSize: ExactDecimal?
    /// From MIN_NOTIONAL or, on newer listings, NOTIONAL.
    public var minNotional: ExactDecimal?
    /// Decimals to show prices with: those of the tick size ("0.01000000" → 2). Without a tick
    /// size, the quote asset precision Binance gives (8 if it gives none).
    public var pricePrecision: Int

    public init(symbol: Symbol, status: String, baseAsset: String, quoteAsset: String,
                tickSize: ExactDecimal?, stepSize: ExactDecimal?, minNotional: ExactDecimal?,
                pricePrecision: Int) {
        self.symbol = symbol
        self.status = status
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.tickSize = tickSize
        self.stepSize = stepSize
        self.minNotional = minNotional
        self.pricePrecision = pricePrecision
    }

    public var isTrading: Bool { status == "TRADING" }

    /// Decimals to show quantities with, from the step size ("0.00001000" → 5).
    public var quantityPrecision: Int? { stepSize.map { Int($0.normalized.scale) } }

    /// The number of decimals of a tick size once trailing zeros are dropped.
    public static func decimals(ofTickSize tick: ExactDecimal) -> Int {
        Int(tick.normalized.scale)
    }
}
