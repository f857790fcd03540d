import MarketModel

/// One candle series, venue-qualified: `binance:BTCUSDT 1m`.
public struct SeriesID: Sendable, Hashable, CustomStringConvertible {
    public var venue: String
    public var symbol: Symbol
    public var interval: Interval

    public init(venue: String, symbol: Symbol, interval: Interval) {
        self.venue = venue
        self.symbol = symbol
        self.interval = interval
    }

    /// `binance:BTCUSDT`: the instrument as the model names it.
    public var instrument: String { "\(venue):\(symbol.name)" }

    public var description: String { "\(instrument) \(interval.rawValue)" }
}
