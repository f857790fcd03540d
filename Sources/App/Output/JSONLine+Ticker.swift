import Foundation
import MarketModel

extension JSONLine {
    /// The 24 h ticker as the feed publishes it for the watchlist:
    /// `{"type":"ticker","symbol":…,"event_time":…,"last":"…","open":"…","high":"…","low":"…",
    /// "volume":"…","quote_volume":"…","change_percent":"…"|null}`.
    static func ticker(_ t: Ticker24h) -> String {
        var s = "{\"type\":\"ticker\",\"symbol\":\(quote(t.symbol.name)),\"event_time\":\(t.eventTime)"
        s += ",\"last\":\"\(t.last)\",\"open\":\"\(t.open)\",\"high\":\"\(t.high)\",\"low\":\"\(t.low)\""
        s += ",\"volume\":\"\(t.volume)\",\"quote_volume\":\"\(t.quoteVolume)\""
        s += ",\"change_percent\":\(t.priceChangePercent.map { "\"\($0)\"" } ?? "null")}"
        return s
    }

    static func parseTicker(_ bytes: [UInt8]) -> Ticker24h? {
        guard let o = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              o["type"] as? String == "ticker",
              let symbol = (o["symbol"] as? String).flatMap({ Symbol($0) }),
              let eventTime = (o["event_time"] as? NSNumber)?.int64Value,
              let last = decimal(o["last"]), let open = decimal(o["open"]), let high = decimal(o["high"]),
              let low = decimal(o["low"]), let volume = decimal(o["volume"]), let quoteVolume = decimal(o["quote_volume"])
        else { return nil }
        var ticker = Ticker24h(symbol: symbol, eventTime: eventTime, isMini: false, last: last, open: open, high: high, low: low,
                               volume: volume, quoteVolume: quoteVolume)
        ticker.priceChangePercent = decimal(o["change_percent"])
        return ticker
    }
}
