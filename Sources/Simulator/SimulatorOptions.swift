/// How a simulated exchange runs: where it listens, how its market is seeded and how fast
/// simulated time passes, its keep-alive and rate-limit rules, and the faults it injects.
public struct SimulatorOptions: Sendable {
    public var host = "127.0.0.1"
    /// 0 binds an ephemeral port; `SimulatedExchange.start()` returns the one chosen.
    public var port = 0
    public var seed: UInt64 = 1
    /// Simulated milliseconds per real millisecond (1 = real time; 1000 = a day in ~86 s).
    public var speed: Double = 1
    /// Days of history before the UTC day that contains the start time.
    public var historyDays: Int = 30
    /// Simulated epoch ms at start; nil = the wall clock.
    public var startTime: Int64? = nil
    /// Real seconds between server pings on every WebSocket connection.
    public var pingInterval: Double = 20
    /// Real seconds without any pong after which a connection is dropped.
    public var pongTimeout: Double = 60
    /// REST budget per rolling minute of real time, advertised in exchangeInfo.
    public var weightLimitPerMinute = 6000
    /// Binance disconnects a connection that sends more than 5 messages a second; by default
    /// the simulator only counts the violation so a test can see it without losing the link.
    public var disconnectOnControlRateViolation = false
    /// Real seconds a 418 ban lasts once a client keeps calling during a Retry-After window.
    public var banSeconds: Double = 120
    /// Real seconds between a serverShutdown event and the close that follows it.
    public var shutdownCloseDelay: Double = 0.5
    /// Firehose: this many kline and trade frames a real second in total, spread evenly over
    /// every kline, trade and aggTrade subscription of every connection (0 = off, the normal
    /// market pace). Frames beyond the market's own repeat the latest state: the forming bar
    /// of a kline stream, the latest trade of a trade stream.
    public var firehose = 0
    public var faults = FaultSettings()

    public init() {}
}

/// Faults active from the start; every one can also be changed at run time with `FaultControl`.
public struct FaultSettings: Sendable, Equatable {
    /// Drop every WebSocket connection each time this many simulated seconds pass (0 = off).
    public var dropEverySimulatedSeconds: Double = 0
    /// Chance per connection per real second of an abrupt drop (0 = off).
    public var dropProbabilityPerSecond: Double = 0
    /// Fraction of data frames preceded by a malformed frame (0...1).
    public var malformedRate: Double = 0
    /// Stall all connections (no data, no pongs, no pings) for `stallSeconds` real seconds,
    /// every `stallEverySimulatedSeconds` simulated seconds (0 = off).
    public var stallEverySimulatedSeconds: Double = 0
    public var stallSeconds: Double = 0
    /// Answer WebSocket upgrades with 503 for this many real seconds after start.
    public var refuseConnectionsSeconds: Double = 0
    /// The next N REST responses are 429 (with Retry-After) / 418 / 5xx.
    public var rest429Count = 0
    public var rest418Count = 0
    public var rest5xxCount = 0
    /// Retry-After seconds on injected 429 and 418 responses.
    public var restRetryAfterSeconds = 1
    /// Status of injected server errors (500...599).
    public var rest5xxStatus = 503
    /// Delay before every REST response, in real milliseconds.
    public var restDelayMilliseconds = 0

    public init() {}
}
