import Indicators
import MarketModel

extension Bar {
    /// The indicators' view of an exchange candle: the one Candle→Bar conversion.
    public init(_ candle: Candle) {
        self.init(openTime: candle.openTime, open: candle.open.doubleValue, high: candle.high.doubleValue,
                  low: candle.low.doubleValue, close: candle.close.doubleValue, volume: candle.volume.doubleValue)
    }
}
