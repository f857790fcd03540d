import Foundation
import MarketModel

extension JSONLine {
    /// A candle line as `appendCandle` writes it (what the feed publishes), back into a candle
    /// and its backfilled flag; nil for anything else.
    static func parseCandle(_ bytes: [UInt8]) -> (candle: Candle, backfilled: Bool)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              object["type"] as? String == "candle",
              let symbol = (object["symbol"] as? String).flatMap({ Symbol($0) }),
              let interval = (object["interval"] as? String).flatMap({ Interval(rawValue: $0) }),
              let openTime = (object["open_time"] as? NSNumber)?.int64Value,
              let closeTime = (object["close_time"] as? NSNumber)?.int64Value,
              let open = decimal(object["open"]), let high = decimal(object["high"]), let low = decimal(object["low"]),
              let close = decimal(object["close"]), let volume = decimal(object["volume"]),
              let closed = object["closed"] as? Bool
        else { return nil }
        let candle = Candle(symbol: symbol, interval: interval, openTime: openTime, closeTime: closeTime,
                            open: open, high: high, low: low, close: close, volume: volume,
                            trades: (object["trades"] as? NSNumber)?.int64Value ?? 0, isClosed: closed)
        return (candle, object["backfilled"] as? Bool ?? false)
    }

    private static func decimal(_ value: Any?) -> ExactDecimal? {
        (value as? String).flatMap { ExactDecimal($0) }
    }
}
