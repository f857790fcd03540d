import MarketData
import MarketModel

/// A venue that exists only in these tests, with a wire protocol deliberately unlike Binance's:
/// slash-separated stream names, a `/feed?want=` connection path, one-line text frames and
/// `+`/`-`/`?` control messages. If the stream manager still assumed anything about Binance, a
/// test driving it through this venue would show it.
///
/// Frames (server to client), one per WebSocket text message:
/// - `C <SYMBOL> <interval> <openTime> <open> <high> <low> <close> <volume> <0|1>`: a candle, 1 when closed
/// - `ok #<id>`: control request `id` done
/// - `list #<id> <name,name,...>`: the answer to `? #<id>`
/// - `err <code> #<id> <text>`: request `id` refused (404: a stream the venue does not have)
/// - `bye`: the server is about to close this connection
///
/// Control messages (client to server): `+name,name #id`, `-name,name #id`, `? #id`.
struct FakeVenue: Venue {
    var id: String { "fakex" }
    var name: String { "Fakex" }

    /// A connection age far above any test's `rotateAfter`, so `StreamManagerOptions.capped(by:)`
    /// leaves the test's choice alone; a control-message rate that does not slow the tests.
    var limits: VenueLimits {
        VenueLimits(streamsPerConnection: 64, controlMessagesPerSecond: 50, streamsPerControlMessage: 8,
                    maximumConnectionAge: 3600)
    }

    func streamName(for subscription: Subscription) -> String {
        FakeWire.streamName(for: subscription)
    }

    func subscription(named name: String) -> Subscription? {
        FakeWire.subscription(named: name)
    }

    func connectionPath(basePath: String, streams: [String]) -> String {
        streams.isEmpty ? basePath + "/feed" : basePath + "/feed?want=" + streams.joined(separator: ",")
    }

    func controlMessage(_ request: ControlMessage) -> String {
        switch request {
        case .subscribe(let names, let id): return "+\(names.joined(separator: ",")) #\(id)"
        case .unsubscribe(let names, let id): return "-\(names.joined(separator: ",")) #\(id)"
        case .listSubscriptions(let id): return "? #\(id)"
        }
    }

    func makeFrameDecoder() -> any FrameDecoder { FakeFrameDecoder() }

    func rejectionSentence(code: Int64, message: String, request: String?) -> String {
        request.map { "Fakex rejected \($0): \(message) (code \(code))." } ?? "Fakex reported an error: \(message) (code \(code))."
    }
}

/// The fake venue's names and frames, shared by the client adapter and the fake server so the
/// two cannot disagree about the format (what is under test is the manager, not this parser).
enum FakeWire {
    static func streamName(for subscription: Subscription) -> String {
        switch subscription {
        case .candles(let symbol, let interval): return "candles/\(symbol.name)/\(interval.rawValue)"
        case .trades(let symbol): return "trades/\(symbol.name)"
        case .ticker(let symbol): return "ticker/\(symbol.name)"
        case .bookTop(let symbol): return "top/\(symbol.name)"
        case .depth(let symbol): return "book/\(symbol.name)"
        }
    }

    static func subscription(named name: String) -> Subscription? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        switch (parts.first, parts.count) {
        case ("candles"?, 3):
            guard let symbol = Symbol(parts[1]), let interval = Interval(rawValue: String(parts[2])) else { return nil }
            return .candles(symbol, interval)
        case ("trades"?, 2): return Symbol(parts[1]).map { .trades($0) }
        case ("ticker"?, 2): return Symbol(parts[1]).map { .ticker($0) }
        case ("book"?, 2): return Symbol(parts[1]).map { .depth($0) }
        default: return nil
        }
    }

    static func candleFrame(_ c: Candle) -> String {
        "C \(c.symbol.name) \(c.interval.rawValue) \(c.openTime) \(c.open) \(c.high) \(c.low) \(c.close) \(c.volume) \(c.isClosed ? 1 : 0)"
    }

    /// `#12` as a request id.
    static func requestID(_ token: Substring) -> Int64? {
        guard token.first == "#" else { return nil }
        return Int64(token.dropFirst())
    }
}

/// Reads the fake venue's text frames.
final class FakeFrameDecoder: FrameDecoder {
    func decode(_ bytes: UnsafeRawBufferPointer) -> VenueMessage {
        let text = String(decoding: bytes, as: UTF8.self)
        let fields = text.split(separator: " ")
        guard let head = fields.first else { return .malformed("empty frame") }
        switch head {
        case "C":
            return candle(fields).map { .event(.candle($0)) } ?? .malformed("bad candle frame: \(text)")
        case "ok":
            guard fields.count == 2, let id = FakeWire.requestID(fields[1]) else { return .malformed("bad ok: \(text)") }
            return .acknowledged(id: id)
        case "list":
            guard fields.count >= 2, let id = FakeWire.requestID(fields[1]) else { return .malformed("bad list: \(text)") }
            let names = fields.count > 2 ? fields[2].split(separator: ",").map(String.init) : []
            return .subscriptions(id: id, names: names)
        case "err":
            guard fields.count >= 3, let code = Int64(fields[1]), let id = FakeWire.requestID(fields[2]) else {
                return .malformed("bad err: \(text)")
            }
            return .refused(code: code, message: fields.dropFirst(3).joined(separator: " "), id: id,
                            invalidRequest: code == 404)
        case "bye":
            return .serverShutdown
        default:
            return .unknown
        }
    }

    private func candle(_ f: [Substring]) -> Candle? {
        guard f.count == 10, let symbol = Symbol(f[1]), let interval = Interval(rawValue: String(f[2])),
              let openTime = Int64(f[3]), let open = ExactDecimal(f[4]), let high = ExactDecimal(f[5]),
              let low = ExactDecimal(f[6]), let close = ExactDecimal(f[7]), let volume = ExactDecimal(f[8]),
              f[9] == "0" || f[9] == "1" else { return nil }
        return Candle(symbol: symbol, interval: interval, openTime: openTime,
                      closeTime: interval.closeTime(openTime: openTime), open: open, high: high, low: low,
                      close: close, volume: volume, isClosed: f[9] == "1")
    }
}

/// The fake venue's REST side: the same truth the server streams, with a short delay so live
/// closes can arrive while a backfill is in flight.
struct FakeVenueHistory: KlineHistory {
    let market: FakeMarketState
    var delay: Duration = .milliseconds(8)
    /// How much older the server-time answer is than the next kline page: how far the venue's
    /// clock moves between the two requests (REST latency), made certain instead of left to chance.
    var serverTimeLag: Int64 = 0

    func klines(symbol: Symbol, interval: Interval, startTime: Int64, limit: Int) async throws -> [Candle] {
        try await Task.sleep(for: delay)
        return market.klines(symbol: symbol, interval: interval, startTime: startTime, limit: limit)
    }

    func serverTime() async throws -> Int64 {
        try await Task.sleep(for: delay)
        return market.now - serverTimeLag
    }
}
