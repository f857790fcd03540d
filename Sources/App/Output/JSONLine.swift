import Foundation
import MarketData
import MarketModel

/// Hand-written NDJSON for `thebot stream --json`: one object per line, keys in a stable order,
/// prices as the exchange's exact strings.
enum JSONLine {
    static func candle(_ c: Candle, backfilled: Bool) -> String {
        var bytes: [UInt8] = []
        appendCandle(c, backfilled: backfilled, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The candle line as UTF-8 bytes appended to `out`, without the newline: `stream` writes
    /// one per kline message, so it is written into one stack buffer through a pointer and
    /// appended in one copy, without a String or a per-byte append.
    static func appendCandle(_ c: Candle, backfilled: Bool, to out: inout [UInt8]) {
        withUnsafePointer(to: c) { appendCandle($0, backfilled: backfilled, to: &out) }
    }

    /// The same from a candle where it lies (the stream's batches), read field by field.
    static func appendCandle(_ c: UnsafePointer<Candle>, backfilled: Bool, to out: inout [UInt8]) {
        // The keys (under 200 bytes), the interval, three integers and the five decimals.
        let decimals = c.pointee.open.maxDigitsCount + c.pointee.high.maxDigitsCount + c.pointee.low.maxDigitsCount
            + c.pointee.close.maxDigitsCount + c.pointee.volume.maxDigitsCount
        let capacity = 200 + 16 + 3 * 24 + JSONString.maxLiteralCount(c.pointee.symbol) + decimals
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let p = buffer.baseAddress!
            var n = 0
            func put(_ text: StaticString) {
                (p + n).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
                n += text.utf8CodeUnitCount
            }
            put(#"{"type":"candle","symbol":"#)
            n += JSONString.write(c.pointee.symbol, to: p + n)
            put(#","interval":""#)
            var interval = c.pointee.interval.rawValue
            interval.withUTF8 { bytes in
                (p + n).update(from: bytes.baseAddress!, count: bytes.count)
                n += bytes.count
            }
            put(#"","open_time":"#)
            n += c.pointee.openTime.writeDigits(to: p + n)
            put(#","close_time":"#)
            n += c.pointee.closeTime.writeDigits(to: p + n)
            put(#","open":""#)
            n += c.pointee.open.writeDigits(to: p + n)
            put(#"","high":""#)
            n += c.pointee.high.writeDigits(to: p + n)
            put(#"","low":""#)
            n += c.pointee.low.writeDigits(to: p + n)
            put(#"","close":""#)
            n += c.pointee.close.writeDigits(to: p + n)
            put(#"","volume":""#)
            n += c.pointee.volume.writeDigits(to: p + n)
            put(#"","trades":"#)
            n += c.pointee.trades.writeDigits(to: p + n)
            put(c.pointee.isClosed ? #","closed":true"# : #","closed":false"#)
            put(backfilled ? #","backfilled":true}"# : #","backfilled":false}"#)
            out.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        }
    }

    static func health(_ h: FeedHealth) -> String {
        var s = "{\"type\":\"health\",\"state\":\"\(h.state.rawValue)\",\"connections\":\(h.connections.count),"
        s += "\"reconnects\":\(h.reconnects),\"rotations\":\(h.rotations),\"msgs_per_s\":\(number(h.messagesPerSecond)),"
        s += "\"data_age_s\":\(h.lastMessageAge.map(number) ?? "null"),\"backfilling\":\(h.backfilling),"
        s += "\"rest_weight\":\(h.restWeightUsed),\"breaker\":\(quote(h.breaker)),"
        s += "\"decode_errors\":\(h.decodeErrors),\"last_error\":\(h.lastError.map(quote) ?? "null"),"
        s += "\"per_connection\":["
        s += h.connections.map { c in
            "{\"id\":\(c.id),\"state\":\"\(c.state.rawValue)\",\"streams\":\(c.streams),\"reconnects\":\(c.reconnects),"
                + "\"last_error\":\(c.lastError.map(quote) ?? "null")}"
        }.joined(separator: ",")
        s += "]}"
        return s
    }

    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return String(format: "%.3f", d)
    }

    /// A JSON string literal with every control character escaped.
    static func quote(_ text: String) -> String { JSONString.quoted(text) }
}
