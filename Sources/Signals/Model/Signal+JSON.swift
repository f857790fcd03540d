import Foundation
import MarketModel

extension Signal {
    /// The one JSON shape shared by `notify_command` (stdin), the webhook (POST body),
    /// `thebot stream --json` and `thebot history --format json`:
    /// `{"type":"signal","id":"…","time":…,"time_iso":"…","symbol":"…","interval":"…",
    /// "rule":"…","direction":"bullish|bearish|neutral","strength":0.62,"price":"…","reason":"…"}`.
    /// Keys always come in this order; `price` is a string so no digit is lost; no trailing newline.
    public var jsonLine: String {
        var out = "{\"type\":\"signal\",\"id\":"
        JSONText.appendString(id.uuidString.lowercased(), to: &out)
        out += ",\"time\":\(time),\"time_iso\":"
        JSONText.appendString(CivilDate.iso8601(time), to: &out)
        out += ",\"symbol\":"
        JSONText.appendString(symbol.name, to: &out)
        out += ",\"interval\":"
        JSONText.appendString(interval.rawValue, to: &out)
        out += ",\"rule\":"
        JSONText.appendString(rule, to: &out)
        out += ",\"direction\":\"\(direction.rawValue)\",\"strength\":\(JSONText.number(strength)),\"price\":"
        JSONText.appendString(price.description, to: &out)
        out += ",\"reason\":"
        JSONText.appendString(reason, to: &out)
        out += "}"
        return out
    }

    /// `jsonLine`, with `"saved":false` last when the signal history refused it (it is held and
    /// written once the history works again; a `{"type":"history"}` line says when).
    public func jsonLine(saved: Bool) -> String {
        guard !saved else { return jsonLine }
        var out = jsonLine
        out.removeLast()
        out += ",\"saved\":false}"
        return out
    }

    /// `jsonLine` as UTF-8 bytes, the body the command and the webhook receive.
    public var jsonData: Data { Data(jsonLine.utf8) }
}

/// Minimal JSON writing: the signal has a fixed flat shape, so an encoder would only add cost
/// and lose the key order.
enum JSONText {
    static func appendString(_ text: String, to out: inout String) { JSONString.append(text, to: &out) }

    /// At most four decimals, no exponent, no trailing zeros: strengths and values read cleanly.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        return Decimals.format(x, maxDecimals: 4)
    }
}
