import Foundation
import MarketData
import MarketModel
import Signals

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

    static func decimal(_ value: Any?) -> ExactDecimal? {
        (value as? String).flatMap { ExactDecimal($0) }
    }
}

extension JSONLine {
    /// A health line as `health` writes it (what the feed publishes) back into the feed's health.
    static func parseHealth(_ bytes: [UInt8]) -> FeedHealth? {
        guard let o = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              o["type"] as? String == "health",
              let state = (o["state"] as? String).flatMap({ ConnectionState(rawValue: $0) }) else { return nil }
        func int(_ key: String, _ from: [String: Any] = o) -> Int { (from[key] as? NSNumber)?.intValue ?? 0 }
        let connections = (o["per_connection"] as? [[String: Any]] ?? []).map { c in
            ConnectionHealth(id: int("id", c), state: (c["state"] as? String).flatMap { ConnectionState(rawValue: $0) } ?? .connecting,
                             streams: int("streams", c), lastMessageAge: nil, messagesPerSecond: 0,
                             reconnects: int("reconnects", c), lastError: c["last_error"] as? String)
        }
        return FeedHealth(state: state, connections: connections, lastMessageAge: (o["data_age_s"] as? NSNumber)?.doubleValue,
                          messagesPerSecond: (o["msgs_per_s"] as? NSNumber)?.doubleValue ?? 0, reconnects: int("reconnects"),
                          rotations: int("rotations"), lastError: o["last_error"] as? String, backfilling: int("backfilling"),
                          restWeightUsed: int("rest_weight"), breaker: o["breaker"] as? String ?? "closed",
                          decodeErrors: int("decode_errors"))
    }

    /// A signal line as `Signal.jsonLine` writes it back into the signal (same id, so a signal
    /// seen twice is recorded once).
    static func parseSignal(_ bytes: [UInt8]) -> Signal? {
        guard let o = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              o["type"] as? String == "signal",
              let id = (o["id"] as? String).flatMap({ UUID(uuidString: $0) }),
              let time = (o["time"] as? NSNumber)?.int64Value,
              let symbol = (o["symbol"] as? String).flatMap({ Symbol($0) }),
              let interval = (o["interval"] as? String).flatMap({ Interval(rawValue: $0) }),
              let rule = o["rule"] as? String,
              let direction = (o["direction"] as? String).flatMap({ SignalDirection(rawValue: $0) }),
              let strength = (o["strength"] as? NSNumber)?.doubleValue,
              let price = decimal(o["price"]),
              let reason = o["reason"] as? String else { return nil }
        return Signal(id: id, time: time, symbol: symbol, interval: interval, rule: rule, direction: direction,
                      strength: strength, price: price, reason: reason)
    }
}
