import MarketModel

/// Everything that is particular to one exchange: what its streams are called, how a
/// connection asks for them, how its frames decode, and how it phrases refusals. The
/// connections, their reconnects and rotation, backfill, the REST budget and the order books
/// are the same for every venue and live on the other side of this seam.
public protocol Venue: Sendable {
    /// Short lower-case id that qualifies instruments in the model (`kraken:XBTUSD`).
    var id: String { get }
    /// The venue's name in sentences ("Kraken").
    var name: String { get }
    /// Connection limits the venue publishes.
    var limits: VenueLimits { get }

    /// The wire name of a subscription (`btcusdt@kline_1m`).
    func streamName(for subscription: Subscription) -> String
    /// The subscription a wire name stands for, when it is one this client asks for.
    func subscription(named name: String) -> Subscription?
    /// The request path of a connection that starts with `streams` (wire names), under `basePath`.
    func connectionPath(basePath: String, streams: [String]) -> String
    /// The text frame that asks an open connection to change or list its subscriptions.
    func controlMessage(_ request: ControlMessage) -> String
    /// A fresh decoder for one connection; it lives on that connection's event-loop thread.
    func makeFrameDecoder() -> any FrameDecoder
    /// One sentence for an error the venue sent in answer to `request` (nil when unknown).
    func rejectionSentence(code: Int64, message: String, request: String?) -> String
}

/// Published connection limits of a venue.
public struct VenueLimits: Sendable, Hashable {
    /// Streams one connection may carry.
    public var streamsPerConnection: Int
    /// Outgoing control frames (pongs included) per second per connection.
    public var controlMessagesPerSecond: Double
    /// Streams named in one control message.
    public var streamsPerControlMessage: Int
    /// The venue cuts connections at this age; they are replaced a little before.
    public var maximumConnectionAge: Double

    public init(streamsPerConnection: Int, controlMessagesPerSecond: Double, streamsPerControlMessage: Int,
                maximumConnectionAge: Double) {
        self.streamsPerConnection = streamsPerConnection
        self.controlMessagesPerSecond = controlMessagesPerSecond
        self.streamsPerControlMessage = streamsPerControlMessage
        self.maximumConnectionAge = maximumConnectionAge
    }
}

/// A request to an open connection about its subscriptions; `id` pairs it with the answer.
public enum ControlMessage: Sendable, Hashable {
    case subscribe([String], id: Int64)
    case unsubscribe([String], id: Int64)
    case listSubscriptions(id: Int64)
}

/// Turns one connection's frames into messages. One instance per connection, used only on
/// that connection's thread, so it may keep caches between frames.
public protocol FrameDecoder: AnyObject {
    func decode(_ bytes: UnsafeRawBufferPointer) -> VenueMessage

    /// The hot path: a market event other than a depth diff is appended to `batch` and nil
    /// returned; anything else comes back as a message. A venue that builds its candles in
    /// place here (`FeedBatch.append(candle:)`) spares the stream a copy of each one.
    func decode(_ bytes: UnsafeRawBufferPointer, appendingTo batch: inout FeedBatch) -> VenueMessage?
}

extension FrameDecoder {
    public func decode(_ bytes: UnsafeRawBufferPointer, appendingTo batch: inout FeedBatch) -> VenueMessage? {
        let message = decode(bytes)
        guard case .event(let event) = message, !event.isDepthUpdate else { return message }
        batch.append(event: event)
        return nil
    }
}

extension MarketEvent {
    /// Depth diffs feed an order book the stream manager keeps, not the feed's batches.
    public var isDepthUpdate: Bool {
        if case .depthUpdate = self { return true }
        return false
    }
}
