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

    /// The candle line as UTF-8 bytes appended to `out`, without the newline and without
    /// making a String: `stream` writes one of these per kline message.
    static func appendCandle(_ c: Candle, backfilled: Bool, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"type":"candle","symbol":"#.utf8)
        JSONString.append(c.symbol.name, to: &out)
        out.append(contentsOf: #","interval":""#.utf8)
        var interval = c.interval.rawValue
        interval.withUTF8 { out.append(contentsOf: $0) }
        out.append(contentsOf: #"","open_time":"#.utf8)
        c.openTime.appendDigits(to: &out)
        out.append(contentsOf: #","close_time":"#.utf8)
        c.closeTime.appendDigits(to: &out)
        appendDecimal(#","open":""#, c.open, to: &out)
        appendDecimal(#"","high":""#, c.high, to: &out)
        appendDecimal(#"","low":""#, c.low, to: &out)
        appendDecimal(#"","close":""#, c.close, to: &out)
        appendDecimal(#"","volume":""#, c.volume, to: &out)
        out.append(contentsOf: #"","trades":"#.utf8)
        c.trades.appendDigits(to: &out)
        out.append(contentsOf: c.isClosed ? #","closed":true"#.utf8 : #","closed":false"#.utf8)
        out.append(contentsOf: backfilled ? #","backfilled":true}"#.utf8 : #","backfilled":false}"#.utf8)
    }

    private static func appendDecimal(_ key: StaticString, _ value: ExactDecimal, to out: inout [UInt8]) {
        key.withUTF8Buffer { out.append(contentsOf: $0) }
        value.appendDigits(to: &out)
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
