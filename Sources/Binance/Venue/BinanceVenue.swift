import MarketData
import MarketModel

/// Binance spot as a venue: its stream names, connection paths, control messages, frame
/// decoder, limits and the way it phrases refusals.
public struct BinanceVenue: Venue {
    /// Production market-data streams and REST API.
    public static let streamURL = "wss://stream.binance.com:9443"
    public static let restURL = "https://api.binance.com"
    /// Where Binance reports the request weight this IP used in the current minute.
    public static let usedWeightHeader = "X-MBX-USED-WEIGHT-1M"

    public init() {}

    public var id: String { "binance" }
    public var name: String { "Binance" }

    /// 1024 streams and 5 incoming messages a second per connection; connections end at 24 h.
    /// Requests are kept to 100 streams so no single message is huge.
    public var limits: VenueLimits {
        VenueLimits(streamsPerConnection: 1024, controlMessagesPerSecond: 5, streamsPerControlMessage: 100,
                    maximumConnectionAge: 24 * 3600)
    }

    public func streamName(for subscription: Subscription) -> String {
        wireName(subscription).description
    }

    func wireName(_ subscription: Subscription) -> StreamName {
        switch subscription {
        case .candles(let symbol, let interval): return .kline(symbol, interval)
        case .trades(let symbol): return .trade(symbol)
        case .ticker(let symbol): return .miniTicker(symbol)
        case .bookTop(let symbol): return .bookTicker(symbol)
        case .depth(let symbol): return .diffDepth(symbol, fast: true)
        }
    }

    public func subscription(named name: String) -> Subscription? {
        switch StreamName(name) {
        case .kline(let symbol, let interval)?: return .candles(symbol, interval)
        case .trade(let symbol)?: return .trades(symbol)
        case .miniTicker(let symbol)?: return .ticker(symbol)
        case .bookTicker(let symbol)?: return .bookTop(symbol)
        case .diffDepth(let symbol, true)?: return .depth(symbol)
        default: return nil
        }
    }

    /// Combined streams (`/stream?streams=a/b`): every payload says which stream it belongs to.
    public func connectionPath(basePath: String, streams: [String]) -> String {
        streams.isEmpty ? basePath + "/stream" : basePath + "/stream?streams=" + streams.joined(separator: "/")
    }

    public func controlMessage(_ request: ControlMessage) -> String {
        switch request {
        case .subscribe(let names, let id):
            return ControlRequest.message("SUBSCRIBE", params: names.map(ControlRequest.quoted), id: id)
        case .unsubscribe(let names, let id):
            return ControlRequest.message("UNSUBSCRIBE", params: names.map(ControlRequest.quoted), id: id)
        case .listSubscriptions(let id):
            return ControlRequest.listSubscriptions(id: id).json
        }
    }

    public func makeFrameDecoder() -> any FrameDecoder { BinanceFrameDecoder() }

    public func rejectionSentence(code: Int64, message: String, request: String?) -> String {
        request.map { "Binance rejected \($0): \(message) (code \(code))." }
            ?? "Binance reported an error: \(message) (code \(code))."
    }
}

/// One connection's `StreamDecoder`, answering in the venue-neutral terms of the feed.
final class BinanceFrameDecoder: FrameDecoder {
    private var decoder = StreamDecoder()

    func decode(_ bytes: UnsafeRawBufferPointer) -> VenueMessage {
        do throws(StreamDecodeError) {
            return Self.venueMessage(try decoder.decode(bytes))
        } catch {
            return .malformed("\(error)")
        }
    }

    func decode(_ bytes: UnsafeRawBufferPointer, appendingTo batch: inout FeedBatch) -> VenueMessage? {
        // A kline in Binance's own shape goes from the fast path into the batch's candles.
        var fields = KlineFields()
        if let start = bytes.baseAddress,
           let symbol = KlineFastPath.read(start, count: bytes.count, cache: &decoder.cache, into: &fields) {
            batch.append(candle: fields.candle(symbol))
            return nil
        }
        let message: StreamMessage
        do throws(StreamDecodeError) {
            message = try decoder.decodeGeneral(bytes)
        } catch {
            return .malformed("\(error)")
        }
        if case .event(let event) = message, !event.isDepthUpdate {
            batch.append(event: event)
            return nil
        }
        return Self.venueMessage(message)
    }

    private static func venueMessage(_ message: StreamMessage) -> VenueMessage {
        switch message {
        case .event(let event): return .event(event)
        case .subscriptionResult(let id), .propertyValue(let id, _): return .acknowledged(id: id)
        case .subscriptionList(let id, let streams): return .subscriptions(id: id, names: streams)
        // Code 2 is "Invalid request": the request names something Binance does not have.
        case .error(let code, let text, let id): return .refused(code: code, message: text, id: id, invalidRequest: code == 2)
        case .serverShutdown: return .serverShutdown
        case .unknown: return .unknown
        }
    }
}
