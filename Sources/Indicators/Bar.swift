/// One OHLCV candle in plain `Double`s: the only input the indicators read.
///
/// The market model keeps exact decimals; they are converted to `Bar` at the edge so this
/// module depends on nothing but the standard library (and Foundation for CSV I/O).
public struct Bar: Sendable, Hashable {
    /// Candle open time, epoch milliseconds UTC.
    public var openTime: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(openTime: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// (high + low + close) / 3, written in TA-Lib's operand order so results round alike.
    @inlinable
    public var typicalPrice: Double { (high + low + close) / 3.0 }
}
