import NIOCore
import NIOWebSocket

/// Where a session's frames go: the WebSocket channel handler.
protocol FrameSink: AnyObject {
    var isWritable: Bool { get }
    func write(text: String)
    /// Writes the same text frame `count` times, encoding the text once.
    func write(text: String, count: Int)
    func ping(_ payload: String)
    func pong(_ payload: ByteBuffer)
    func flush()
    /// Closes the TCP connection without a close frame, as a network drop would.
    func abort()
    /// Sends a close frame, then closes.
    func close(code: WebSocketErrorCode)
}

/// One stream on one connection, with its pacing state.
final class Subscription {
    let stream: StreamName
    var lastSimulated: Int64 = .min
    var lastReal: UInt64 = 0
    var pendingDiff: BookDiff?
    var sampleSecond: UInt64 = .max
    var sampleCount = 0
    /// Firehose frames this stream sends in the current tick.
    var firehoseShare = 0
    /// Kline closes kept back while the symbol was held by a mark, sent when the hold ends.
    var heldFrames: [String] = []

    init(stream: StreamName) { self.stream = stream }

    /// Kline and trade streams carry the firehose; the others keep their normal pace.
    var carriesFirehose: Bool {
        switch stream.kind {
        case .kline, .trade, .aggTrade: return true
        default: return false
        }
    }

    /// True when a paced stream is due: `period` simulated ms since the last frame, and no
    /// more than 20 frames a real second.
    func due(now: Int64, real: UInt64, period: Int64) -> Bool {
        lastSimulated == .min || (now - lastSimulated >= period && real - lastReal >= 50_000_000)
    }

    func sent(now: Int64, real: UInt64) {
        lastSimulated = now
        lastReal = real
    }

    /// Real-time streams keep at most 50 frames a real second; the rest are sampled out.
    func admitSample(real: UInt64) -> Bool {
        let second = real / 1_000_000_000
        if second != sampleSecond {
            sampleSecond = second
            sampleCount = 0
        }
        sampleCount += 1
        return sampleCount <= 50
    }
}

/// One WebSocket connection's state: its streams, its properties and its keep-alive clock.
/// Confined to the exchange's event loop.
final class WebSocketSession {
    static let maxStreams = 1024

    let id: Int
    weak var sink: FrameSink?
    var combined: Bool
    private(set) var subscriptions: [Subscription] = []
    let openedReal: UInt64
    var lastPongReal: UInt64
    var lastPingReal: UInt64
    /// Payloads of the latest pings, newest last: a pong must echo one of them.
    var recentPingPayloads: [String] = []
    var stalledUntil: UInt64 = 0
    var closing = false
    private var incoming: [UInt64] = []

    init(id: Int, sink: FrameSink, combined: Bool, real: UInt64) {
        self.id = id
        self.sink = sink
        self.combined = combined
        openedReal = real
        lastPongReal = real
        lastPingReal = real
    }

    var streamNames: [String] { subscriptions.map { $0.stream.name } }

    func isSubscribed(_ stream: StreamName) -> Bool { subscriptions.contains { $0.stream == stream } }

    /// Adds the streams not yet subscribed; false (and no change) past 1024 streams.
    func subscribe(_ streams: [StreamName]) -> Bool {
        let fresh = streams.reduce(into: [StreamName]()) { list, s in
            if !isSubscribed(s) && !list.contains(s) { list.append(s) }
        }
        guard subscriptions.count + fresh.count <= WebSocketSession.maxStreams else { return false }
        subscriptions.append(contentsOf: fresh.map(Subscription.init))
        return true
    }

    func unsubscribe(_ streams: [StreamName]) {
        subscriptions.removeAll { streams.contains($0.stream) }
    }

    /// Records an incoming message; true when it is over 5 in the last real second.
    func recordIncoming(real: UInt64) -> Bool {
        let cutoff = real > 1_000_000_000 ? real - 1_000_000_000 : 0
        incoming.removeAll { $0 <= cutoff }
        incoming.append(real)
        return incoming.count > 5
    }

    func isStalled(real: UInt64) -> Bool { real < stalledUntil }

    func sentPing(payload: String) {
        recentPingPayloads.append(payload)
        if recentPingPayloads.count > 4 { recentPingPayloads.removeFirst() }
    }
}
