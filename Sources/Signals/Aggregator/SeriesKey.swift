import MarketModel

/// One candle series: a symbol on an interval.
public struct SeriesKey: Sendable, Hashable, CustomStringConvertible {
    public var symbol: Symbol
    public var interval: Interval

    public init(symbol: Symbol, interval: Interval) {
        self.symbol = symbol
        self.interval = interval
    }

    public var description: String { "\(symbol) \(interval)" }
}
