import Foundation
import MarketData
import MarketModel

/// Hand-written NDJSON for `thebot stream --json`: one object per line, keys in a stable order,
/// prices as the exchange's exact strings.
enum JSONLine {
    static func candle(_ c: Candle, backfilled: Bool) -> String {
        "{\"type\":\"candle\",\"symbol\":\(quote(c.symbol.name)),\"interval\":\"\(c.interval.rawValue)\","
            + "\"open_time\":\(c.openTime),\"close_time\":\(c.closeTime),\"open\":\"\(c.open)\",\"high\":\"\(c.high)\","
            + "\"low\":\"\(c.low)\",\"close\":\"\(c.close)\",\"volume\":\"\(c.volume)\",\"trades\":\(c.trades),"
            + "\"closed\":\(c.isClosed),\"backfilled\":\(backfilled)}"
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
