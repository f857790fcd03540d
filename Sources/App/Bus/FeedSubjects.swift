import Bus
import MarketModel

/// The feed's names on the bus: subjects per series and the streams that keep them.
///
/// - closed bars: `thebot.<venue>.<symbol>.kline.<interval>` (stream THEBOT_KLINES, the last N per subject)
/// - forming bars: `thebot.<venue>.<symbol>.kline.<interval>.forming` (core NATS, not kept)
/// - 24 h tickers: `thebot.<venue>.<symbol>.ticker` (core NATS, not kept)
/// - trades: `thebot.<venue>.<symbol>.trade` (core NATS, not kept)
/// - book tops: `thebot.<venue>.<symbol>.book_top` (core NATS, not kept)
/// - signals: `thebot.signals.<venue>.<symbol>` (stream THEBOT_SIGNALS, kept for a while)
/// - health: `thebot.health` (stream THEBOT_HEALTH, the last one only, so a viewer sees it at once)
/// - what the feed serves: `thebot.feed` (stream THEBOT_HEALTH, the last one only)
enum FeedSubjects {
    static let klineStream = "THEBOT_KLINES"
    static let signalStream = "THEBOT_SIGNALS"
    static let healthStream = "THEBOT_HEALTH"
    static let health = "thebot.health"
    static let description = "thebot.feed"

    static func closed(venue: String, symbol: Symbol, interval: Interval) -> String {
        "thebot.\(venue).\(symbol.name).kline.\(interval.rawValue)"
    }

    static func forming(venue: String, symbol: Symbol, interval: Interval) -> String {
        closed(venue: venue, symbol: symbol, interval: interval) + ".forming"
    }

    static func ticker(venue: String, symbol: Symbol) -> String {
        "thebot.\(venue).\(symbol.name).ticker"
    }

    static func trades(venue: String, symbol: Symbol) -> String {
        "thebot.\(venue).\(symbol.name).trade"
    }

    static func bookTop(venue: String, symbol: Symbol) -> String {
        "thebot.\(venue).\(symbol.name).book_top"
    }

    static func signals(venue: String, symbol: Symbol) -> String {
        "thebot.signals.\(venue).\(symbol.name)"
    }

    /// One id per bar, the same from any feed: the stream drops a second copy.
    static func barID(venue: String, candle: Candle) -> String {
        "\(venue)/\(candle.symbol.name)/\(candle.interval.rawValue)/\(candle.openTime)"
    }

    static func klines(historyBars: Int) -> BusStreamSpec {
        BusStreamSpec(name: klineStream, subjects: ["thebot.*.*.kline.*"], maxPerSubject: Int64(historyBars))
    }

    static let healthSpec = BusStreamSpec(name: healthStream, subjects: [health, description], maxPerSubject: 1)

    /// `{"type":"feed","venue":…,"symbols":[…],"intervals":[…]}`: what a watchlist shows.
    static func descriptionLine(venue: String, symbols: [Symbol], intervals: [Interval]) -> String {
        let list = { (names: [String]) in names.map { JSONString.quoted($0) }.joined(separator: ",") }
        return "{\"type\":\"feed\",\"venue\":\(JSONString.quoted(venue)),\"symbols\":[\(list(symbols.map(\.name)))],"
            + "\"intervals\":[\(list(intervals.map(\.rawValue)))]}"
    }

    static func signals(maxAgeHours: Double) -> BusStreamSpec {
        BusStreamSpec(name: signalStream, subjects: ["thebot.signals.*.*"], maxAgeSeconds: maxAgeHours * 3600)
    }
}
