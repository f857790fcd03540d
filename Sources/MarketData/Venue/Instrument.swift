import MarketModel

/// One tradable symbol as its venue lists it.
public struct Instrument: Sendable, Hashable {
    public var symbol: Symbol
    /// Whether the venue is trading it now (not halted, not delisted).
    public var isTrading: Bool
    /// Decimals prices are shown with (those of the tick size).
    public var priceDecimals: Int
    public var tickSize: ExactDecimal?
    public var stepSize: ExactDecimal?

    public init(symbol: Symbol, isTrading: Bool, priceDecimals: Int, tickSize: ExactDecimal?, stepSize: ExactDecimal?) {
        self.symbol = symbol
        self.isTrading = isTrading
        self.priceDecimals = priceDecimals
        self.tickSize = tickSize
        self.stepSize = stepSize
    }
}

/// A venue's REST side as the feed uses it: kline pages for backfill, depth snapshots for
/// order books, and the instrument list.
public protocol VenueHistory: KlineHistory, DepthHistory {
    func instruments() async throws -> [Instrument]
}
