/// How the stream manager connects and paces itself. The venue's published limits cap the
/// per-connection numbers (`StreamManager` applies them).
public struct StreamManagerOptions: Sendable {
    public var endpoint: WebSocketEndpoint
    /// Streams per connection, at most the venue's limit.
    public var streamsPerConnection: Int
    /// A connection with no frame for this long is replaced.
    public var staleAfter: Double
    /// Connections are replaced make-before-break at this age, before the venue's own cut.
    public var rotateAfter: Double
    /// Closed bars fetched per series when it starts.
    public var historyBars: Int
    public var backoffBase: Double
    public var backoffCap: Double
    /// A connection live this long resets the backoff.
    public var stableAfter: Double
    /// Draws a reconnect delay from its ceiling: full jitter, uniform in 0...ceiling (a test
    /// can make it the ceiling itself, to read the backoff steps from the sentences).
    public var jitter: @Sendable (Double) -> Double = { Double.random(in: 0...$0) }
    /// Outgoing control frames (pongs included) per second per connection, at most the venue's limit.
    public var controlMessagesPerSecond: Double
    public var connectTimeout: Double
    /// The authorities wss connections trust (the system's, plus a private CA bundle).
    public var trust: TLSTrust = .system

    public static let maximumHistoryBars = 5000

    public init(endpoint: WebSocketEndpoint,
                streamsPerConnection: Int = 200, staleAfter: Double = 30, rotateAfter: Double = 23 * 3600,
                historyBars: Int = 500, backoffBase: Double = 0.5, backoffCap: Double = 30, stableAfter: Double = 60,
                controlMessagesPerSecond: Double = 4, connectTimeout: Double = 10) {
        self.endpoint = endpoint
        self.streamsPerConnection = max(1, streamsPerConnection)
        self.staleAfter = staleAfter
        self.rotateAfter = rotateAfter
        self.historyBars = max(1, min(historyBars, Self.maximumHistoryBars))
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.stableAfter = stableAfter
        self.controlMessagesPerSecond = max(0.5, controlMessagesPerSecond)
        self.connectTimeout = connectTimeout
    }

    /// These options within what `limits` allows.
    func capped(by limits: VenueLimits) -> StreamManagerOptions {
        var o = self
        o.streamsPerConnection = min(streamsPerConnection, limits.streamsPerConnection)
        o.controlMessagesPerSecond = min(controlMessagesPerSecond, limits.controlMessagesPerSecond)
        o.rotateAfter = min(rotateAfter, limits.maximumConnectionAge * 0.96)
        return o
    }
}
