/// How the stream manager connects and paces itself. Defaults follow Binance's published limits.
public struct StreamManagerOptions: Sendable {
    /// Production market-data streams.
    public static let binanceStreamURL = "wss://stream.binance.com:9443"
    public static let binanceRestURL = "https://api.binance.com"

    public var endpoint: WebSocketEndpoint
    /// Streams per connection (Binance allows 1024).
    public var streamsPerConnection: Int
    /// A connection with no frame for this long is replaced.
    public var staleAfter: Double
    /// Connections are replaced make-before-break before Binance's 24 h cut.
    public var rotateAfter: Double
    /// Closed bars kept per series.
    public var historyBars: Int
    public var backoffBase: Double
    public var backoffCap: Double
    /// A connection live this long resets the backoff.
    public var stableAfter: Double
    /// Outgoing control frames (pongs included) per second per connection; Binance allows 5.
    public var controlMessagesPerSecond: Double
    public var connectTimeout: Double

    public init(endpoint: WebSocketEndpoint = try! WebSocketEndpoint(parsing: StreamManagerOptions.binanceStreamURL),
                streamsPerConnection: Int = 200, staleAfter: Double = 30, rotateAfter: Double = 23 * 3600,
                historyBars: Int = 500, backoffBase: Double = 0.5, backoffCap: Double = 30, stableAfter: Double = 60,
                controlMessagesPerSecond: Double = 4, connectTimeout: Double = 10) {
        self.endpoint = endpoint
        self.streamsPerConnection = max(1, min(streamsPerConnection, 1024))
        self.staleAfter = staleAfter
        self.rotateAfter = rotateAfter
        self.historyBars = max(1, min(historyBars, CandleSeries.maximumCapacity))
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.stableAfter = stableAfter
        self.controlMessagesPerSecond = max(0.5, min(controlMessagesPerSecond, 5))
        self.connectTimeout = connectTimeout
    }
}
