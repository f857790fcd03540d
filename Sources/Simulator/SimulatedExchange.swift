import MarketModel
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// A Binance-compatible spot market-data exchange on loopback: WebSocket streams, REST market
/// data, fault injection, and the truth of every candle it produced.
///
/// Sendable because every stored property is immutable or a `Locked` box, and everything
/// mutable that the network touches (`LiveEngine`, sessions, handlers) is confined to the one
/// event loop this exchange runs and reached only through `NIOLoopBound`, which checks it.
///
/// Endpoints besides Binance's: `GET /sim/stats`, `GET /sim/truth/klines?symbol=&interval=
/// [&startTime=&endTime=]` (closed candles, REST layout, no limit) and `POST /sim/control`
/// with a JSON body, one object or an array of them:
/// `{"action":"drop_all"}`, `{"action":"drop_every","seconds":S}` (simulated),
/// `{"action":"drop_probability","p":P}` (per real second), `{"action":"stall","seconds":T}`
/// (add `"every":S` for periodic stalls), `{"action":"malformed","rate":R}`,
/// `{"action":"server_shutdown","close_after":T}`, `{"action":"refuse_connections","seconds":T}`,
/// `{"action":"rest_429","count":N,"retry_after":R}`, `{"action":"rest_418","count":N,"retry_after":R}`,
/// `{"action":"rest_5xx","count":N,"status":503}`, `{"action":"rest_delay","ms":D}`,
/// `{"action":"reject_subscribe","count":N,"code":C,"msg":"..."}`, `{"action":"reset"}`,
/// `{"action":"mark","symbol":"BTCUSDT","hold_ms":600}` (a recognisable marker price, see
/// `MarkOverlay`; the reply lists each mark's id and price, and `GET /sim/stats` its `sent_ns`).
public final class SimulatedExchange: Sendable {
    public static let defaultSymbols: [Symbol] = SymbolSpec.all.map(\.symbol)

    private struct Running: Sendable {
        var group: MultiThreadedEventLoopGroup
        var server: Channel
        var engine: NIOLoopBound<LiveEngine>
        var core: ExchangeCore
        var tick: RepeatedTask
    }

    private enum State: Sendable {
        case idle
        case running(Running)
        case stopped
    }

    private let options: SimulatorOptions
    private let history: MarketHistory
    private let startSimulated: Int64
    private let state = Locked(State.idle)
    /// Faults applied before `start()`; the core takes them over when it exists.
    private let early: Locked<[FaultControl]> = Locked([])

    public init(options: SimulatorOptions) {
        self.options = options
        let start = options.startTime ?? SimClock.wallClockMilliseconds()
        startSimulated = start
        let firstDay = floorDivide(start, Interval.day) - Int64(max(0, options.historyDays))
        history = MarketHistory(seed: options.seed, specs: SymbolSpec.all, origin: firstDay * Interval.day)
    }

    /// Binds and starts playing the market; returns the bound port.
    public func start() async throws -> Int {
        if case .running(let running) = state.snapshot { return running.server.localAddress?.port ?? 0 }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let clock = SimClock(startSimulated: startSimulated, startReal: SimClock.realNanoseconds(), speed: max(0.001, options.speed))
        let core = ExchangeCore(options: options, history: history, clock: clock)
        for control in early.snapshot { core.applyPersistent(control) }
        let engine = try await loop.submit { NIOLoopBound(LiveEngine(core: core, eventLoop: loop), eventLoop: loop) }.get()
        do {
            let server = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.backlog, value: 256)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try Self.configure(channel, engine: engine, core: core)
                    }
                }
                .bind(host: options.host, port: options.port).get()
            let period = options.firehose > 0 ? LiveEngine.firehoseTickMilliseconds : LiveEngine.tickMilliseconds
            let tick = loop.scheduleRepeatedTask(initialDelay: .milliseconds(period), delay: .milliseconds(period)) { _ in
                engine.value.tick()
            }
            state.withLock { $0 = .running(Running(group: group, server: server, engine: engine, core: core, tick: tick)) }
            return server.localAddress?.port ?? 0
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private static func configure(_ channel: Channel, engine: NIOLoopBound<LiveEngine>, core: ExchangeCore) throws {
        let makeUpgrader = { () -> HTTPServerProtocolUpgrader in
            NIOWebSocketServerUpgrader(
                maxFrameSize: 1 << 20,
                shouldUpgrade: { channel, head in
                    guard !core.isRefusingConnections(),
                          case .success? = StreamName.fromURI(head.uri, specs: core.specs) else {
                        return channel.eventLoop.makeSucceededFuture(nil)
                    }
                    return channel.eventLoop.makeSucceededFuture(HTTPHeaders())
                },
                upgradePipelineHandler: { channel, head in
                    channel.eventLoop.makeCompletedFuture {
                        guard case .success(let parsed)? = StreamName.fromURI(head.uri, specs: core.specs) else { return }
                        let sync = channel.pipeline.syncOperations
                        try sync.addHandler(NIOWebSocketFrameAggregator(minNonFinalFragmentSize: 0,
                                                                        maxAccumulatedFrameCount: 64,
                                                                        maxAccumulatedFrameSize: 1 << 20))
                        try sync.addHandler(WebSocketHandler(engine: engine.value, streams: parsed.streams,
                                                             combined: parsed.combined))
                    }
                })
        }
        let sync = channel.pipeline.syncOperations
        // An upgrade configuration without upgraders: NIO's one-shot upgrade handler (it only
        // ever looks at the first request) passes that request on and leaves, but the
        // configuration makes the request decoder hand over bytes that follow an upgrade request
        // instead of dropping them. Upgrades, on any request of the connection, are the gate's.
        try sync.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [], completionHandler: { _ in }))
        // After an upgrade the connection speaks WebSocket frames: the HTTP handler must go.
        let gate = WebSocketUpgradeGate(makeUpgrader: makeUpgrader, completion: { context in
            context.pipeline.syncOperations.removeHandler(name: HTTPHandler.name, promise: nil)
        })
        try sync.addHandler(gate, name: WebSocketUpgradeGate.name)
        try sync.addHandler(HTTPHandler(engine: engine.value), name: HTTPHandler.name)
    }

    /// Closes every connection and the listener, and stops the event loop.
    public func stop() async {
        let previous = state.withLock { current -> State in
            let old = current
            current = .stopped
            return old
        }
        guard case .running(let running) = previous else { return }
        running.tick.cancel()
        let engine = running.engine
        try? await running.group.next().submit { engine.value.closeAll() }.get()
        try? await running.server.close()
        try? await running.group.shutdownGracefully()
    }

    public var port: Int {
        if case .running(let running) = state.snapshot { return running.server.localAddress?.port ?? 0 }
        return 0
    }

    /// Simulated epoch ms now (the start time until `start()`).
    public var simulatedNow: Int64 {
        if case .running(let running) = state.snapshot { return running.core.clock.now() }
        return startSimulated
    }

    /// Same effect as `POST /sim/control`. Persistent faults apply at once; actions on
    /// connections (drop, stall, shutdown) run on the event loop right after.
    public func apply(_ control: FaultControl) {
        guard case .running(let running) = state.snapshot else {
            early.withLock { $0.append(control) }
            return
        }
        running.core.applyPersistent(control)
        let engine = running.engine
        engine.eventLoop.execute { engine.value.perform(control) }
    }

    /// The closed candles the exchange produced for a symbol and interval, with open time in
    /// [from, to] (defaults: from the start of history to now).
    public func truth(symbol: Symbol, interval: Interval, from: Int64? = nil, to: Int64? = nil) -> [Candle] {
        guard let index = history.index(of: symbol) else { return [] }
        let spec = history.specs[index]
        return history.closedCandles(index, interval, from: from, to: to, now: simulatedNow)
            .map { $0.candle(spec: spec, interval: interval, isClosed: true) }
    }

    public func stats() -> SimulatorStats {
        guard case .running(let running) = state.snapshot else { return SimulatorStats() }
        var stats = running.core.stats.snapshot
        stats.simulatedNow = running.core.clock.now()
        return stats
    }

    /// Start of history: the first millisecond that has trades.
    public var historyStart: Int64 { history.origin }
}
