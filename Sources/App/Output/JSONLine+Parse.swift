import Foundation
import MarketData
import MarketModel
import Signals

extension JSONLine {
    /// A candle line as `appendCandle` writes it (what the feed publishes), back into a candle
    /// and its backfilled flag; nil for anything else. A viewer reads one per message, so this
    /// walks the bytes in the writer's fixed key order instead of building a dictionary.
    static func parseCandle(_ bytes: [UInt8]) -> (candle: Candle, backfilled: Bool)? {
        bytes.withUnsafeBufferPointer { buffer -> (Candle, Bool)? in
            var r = LineReader(bytes: buffer)
            guard r.expect(#"{"type":"candle","symbol":""#), let symbol = r.string().flatMap({ Symbol($0) }),
                  r.expect(#","interval":""#), let interval = r.string().flatMap({ Interval(rawValue: $0) }),
                  r.expect(#","open_time":"#), let openTime = r.integer(),
                  r.expect(#","close_time":"#), let closeTime = r.integer(),
                  r.expect(#","open":""#), let open = r.decimal(),
                  r.expect(#","high":""#), let high = r.decimal(),
                  r.expect(#","low":""#), let low = r.decimal(),
                  r.expect(#","close":""#), let close = r.decimal(),
                  r.expect(#","volume":""#), let volume = r.decimal(),
                  r.expect(#","trades":"#), let trades = r.integer(),
                  r.expect(#","closed":"#), let closed = r.boolean(),
                  r.expect(#","backfilled":"#), let backfilled = r.boolean(), r.expect("}"), r.atEnd
            else { return nil }
            let candle = Candle(symbol: symbol, interval: interval, openTime: openTime, closeTime: closeTime,
                                open: open, high: high, low: low, close: close, volume: volume, trades: trades, isClosed: closed)
            return (candle, backfilled)
        }
    }

    /// A trade line as `trade` writes it (what the feed publishes) back into a trade.
    static func parseTrade(_ bytes: [UInt8]) -> Trade? {
        bytes.withUnsafeBufferPointer { buffer -> Trade? in
            var r = LineReader(bytes: buffer)
            guard r.expect(#"{"type":"trade","symbol":""#), let symbol = r.string().flatMap({ Symbol($0) }),
                  r.expect(#","id":"#), let id = r.integer(),
                  r.expect(#","time":"#), let time = r.integer(),
                  r.expect(#","price":""#), let price = r.decimal(),
                  r.expect(#","quantity":""#), let quantity = r.decimal(),
                  r.expect(#","side":""#), let side = r.string(), side == "buy" || side == "sell",
                  r.expect("}"), r.atEnd
            else { return nil }
            return Trade(kind: .trade, symbol: symbol, eventTime: time, id: id, price: price, quantity: quantity,
                         time: time, isBuyerMaker: side == "sell")
        }
    }

    /// A book-top line as `bookTop` writes it back into the best bid and ask.
    static func parseBookTop(_ bytes: [UInt8]) -> BookTop? {
        bytes.withUnsafeBufferPointer { buffer -> BookTop? in
            var r = LineReader(bytes: buffer)
            guard r.expect(#"{"type":"book_top","symbol":""#), let symbol = r.string().flatMap({ Symbol($0) }),
                  r.expect(#","update_id":"#), let updateId = r.integer(),
                  r.expect(#","bid_price":""#), let bidPrice = r.decimal(),
                  r.expect(#","bid_quantity":""#), let bidQuantity = r.decimal(),
                  r.expect(#","ask_price":""#), let askPrice = r.decimal(),
                  r.expect(#","ask_quantity":""#), let askQuantity = r.decimal(),
                  r.expect("}"), r.atEnd
            else { return nil }
            return BookTop(symbol: symbol, updateId: updateId, bidPrice: bidPrice, bidQuantity: bidQuantity,
                           askPrice: askPrice, askQuantity: askQuantity)
        }
    }

    /// A cursor over one line in the writer's own shape: strings without escapes, integers,
    /// decimals in quotes, true/false.
    private struct LineReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func expect(_ literal: StaticString) -> Bool {
            let n = literal.utf8CodeUnitCount
            guard index + n <= bytes.count,
                  memcmp(bytes.baseAddress! + index, literal.utf8Start, n) == 0 else { return false }
            index += n
            return true
        }

        /// The text up to the closing quote (consumed).
        mutating func string() -> String? {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            defer { index += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        mutating func integer() -> Int64? {
            var value: Int64 = 0
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), index - start < 18 {
                value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return index > start ? value : nil
        }

        /// A quoted decimal; the opening quote is part of the key before it.
        mutating func decimal() -> ExactDecimal? {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return ExactDecimal.parse(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }

        mutating func boolean() -> Bool? {
            if expect("true") { return true }
            if expect("false") { return false }
            return nil
        }
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
