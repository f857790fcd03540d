import MarketData
import MarketModel
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// The fake venue's market: every bar is a pure function of (symbol, open time), so the truth a
/// test compares against needs no recording and cannot drift from what was sent.
enum FakeMarket {
    /// 2024-01-01 00:00 UTC: aligned to every interval the tests use.
    static let origin: Int64 = 1_704_067_200_000
    /// Simulated milliseconds per server step: four steps to the minute, so each 1-minute bar
    /// gets three forming updates before it closes.
    static let stepMilliseconds: Int64 = 15_000
    static let priceScale: UInt8 = 2
    static let volumeScale: UInt8 = 3

    /// The closed bar of `interval` opening at `openTime` (aggregated from 1-minute bars).
    static func truth(_ symbol: Symbol, _ interval: Interval, openTime: Int64) -> Candle {
        let length = interval.fixedMilliseconds!
        let minutes = stride(from: openTime, to: openTime + length, by: Int(Interval.minute)).map { minuteBar(symbol, $0) }
        return candle(symbol, interval, openTime: openTime, minutes, isClosed: true)
    }

    /// Closed bars from `from` through `through` (open times), oldest first.
    static func truth(_ symbol: Symbol, _ interval: Interval, from: Int64, through: Int64) -> [Candle] {
        interval.openTimes(from: from, through: through).map { truth(symbol, interval, openTime: $0) }
    }

    /// The bar of `interval` still forming at `now`: its whole minutes plus a share of the
    /// current one, so forming values differ from the closed bar's.
    static func forming(_ symbol: Symbol, _ interval: Interval, now: Int64) -> Candle {
        let openTime = interval.openTime(containing: now)
        let minuteOpen = Interval.m1.openTime(containing: now)
        var minutes = stride(from: openTime, to: minuteOpen, by: Int(Interval.minute)).map { minuteBar(symbol, $0) }
        let current = minuteBar(symbol, minuteOpen)
        let quarter = (now - minuteOpen) / stepMilliseconds
        let close = current.open + (current.close - current.open) * quarter / 4
        minutes.append(Bar(open: current.open, high: max(current.open, close), low: min(current.open, close),
                           close: close, volume: current.volume * quarter / 4))
        return candle(symbol, interval, openTime: openTime, minutes, isClosed: false)
    }

    /// Mantissas at `priceScale` / `volumeScale`.
    struct Bar {
        var open, high, low, close, volume: Int64
    }

    static func minuteBar(_ symbol: Symbol, _ openTime: Int64) -> Bar {
        let seed = symbolSeed(symbol)
        var state = mix(seed ^ UInt64(bitPattern: openTime / Interval.minute))
        func next(_ bound: UInt64) -> Int64 {
            state = mix(state)
            return Int64(state % bound)
        }
        let base = 1_000_000 + Int64(seed % 4_000_000)
        let open = base + next(20_000)
        let close = base + next(20_000)
        return Bar(open: open, high: max(open, close) + next(3_000), low: min(open, close) - next(3_000),
                   close: close, volume: 1 + next(1_000_000))
    }

    private static func candle(_ symbol: Symbol, _ interval: Interval, openTime: Int64, _ minutes: [Bar],
                               isClosed: Bool) -> Candle {
        func price(_ m: Int64) -> ExactDecimal { ExactDecimal(mantissa: m, scale: priceScale) }
        return Candle(symbol: symbol, interval: interval, openTime: openTime,
                      closeTime: interval.closeTime(openTime: openTime),
                      open: price(minutes.first!.open), high: price(minutes.map(\.high).max()!),
                      low: price(minutes.map(\.low).min()!), close: price(minutes.last!.close),
                      volume: ExactDecimal(mantissa: minutes.reduce(0) { $0 + $1.volume }, scale: volumeScale),
                      isClosed: isClosed)
    }

    /// FNV-1a: stable across runs, unlike `Hasher`.
    private static func symbolSeed(_ symbol: Symbol) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in symbol.name.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// SplitMix64's finaliser.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Intervals the fake venue serves: whole minutes, so every bar is an aggregate of minute bars.
    static func serves(_ interval: Interval) -> Bool {
        guard let length = interval.fixedMilliseconds else { return false }
        return length >= Interval.minute && length <= Interval.hour
    }

    static func servesStream(_ name: String) -> Bool {
        guard case .candles(_, let interval)? = FakeWire.subscription(named: name) else { return false }
        return serves(interval)
    }
}

/// Everything the fake server knows and does, behind one lock: its clock (a step counter the
/// event loop advances), the open sessions and what each is subscribed to, and the counts the
/// tests assert on. Channels are written outside the lock, because a failed write can close a
/// channel and re-enter here from `channelInactive`.
final class FakeMarketState: Sendable {
    struct Session: Sendable {
        let channel: any Channel
        var streams: Set<String>
        /// Set by `bye`: the step at which the server closes this session.
        var closeAtStep: Int?
    }

    struct ControlRecord: Sendable, Equatable {
        let session: Int
        let text: String
        /// The server's simulated time when it applied the message.
        let at: Int64
    }

    private struct State {
        var step = 0
        var sessions: [Int: Session] = [:]
        var nextSession = 1
        var connectionsOpened = 0
        var controls: [ControlRecord] = []
        /// Upgrades are answered 503 until this step (an outage after `dropAll`).
        var refuseUntilStep = 0
        /// From `dropAll` until the next upgrade: minute bars that close now reach no one.
        var outageOpen = false
        var outageCloses: [Int64] = []
        var upgradesRefused = 0
        var klineRequests = 0
    }

    private let state = NIOLockedValueBox(State())

    var now: Int64 { state.withLockedValue { Self.time(atStep: $0.step) } }
    var connectionsOpened: Int { state.withLockedValue { $0.connectionsOpened } }
    var upgradesRefused: Int { state.withLockedValue { $0.upgradesRefused } }
    var klineRequests: Int { state.withLockedValue { $0.klineRequests } }
    /// Open times of the 1-minute bars that closed while every connection was down.
    var outageCloses: [Int64] { state.withLockedValue { $0.outageCloses } }
    var controls: [ControlRecord] { state.withLockedValue { $0.controls } }
    /// Each open session's subscriptions as the server holds them.
    var sessions: [Int: Set<String>] { state.withLockedValue { $0.sessions.mapValues(\.streams) } }

    private static func time(atStep step: Int) -> Int64 {
        FakeMarket.origin + Int64(step) * FakeMarket.stepMilliseconds
    }

    // MARK: - REST

    func klines(symbol: Symbol, interval: Interval, startTime: Int64, limit: Int) -> [Candle] {
        let now = state.withLockedValue { s in
            s.klineRequests += 1
            return Self.time(atStep: s.step)
        }
        guard FakeMarket.serves(interval) else { return [] }
        var openTime = interval.openTime(containing: startTime)
        if openTime < startTime { openTime = interval.nextOpenTime(after: openTime) }
        var page: [Candle] = []
        // Like a real venue, the page says which bars are closed by the server's clock at the
        // moment it answers, and ends with the bar still forming.
        while page.count < limit, openTime <= now {
            page.append(interval.closeTime(openTime: openTime) < now
                ? FakeMarket.truth(symbol, interval, openTime: openTime)
                : FakeMarket.forming(symbol, interval, now: now))
            openTime = interval.nextOpenTime(after: openTime)
        }
        return page
    }

    // MARK: - Connections

    /// Why an upgrade of `uri` is refused (an HTTP status), or nil to accept it; `counting`
    /// once per upgrade attempt.
    func refusal(uri: String, counting: Bool = false) -> Int? {
        state.withLockedValue { s in
            if s.step < s.refuseUntilStep {
                if counting { s.upgradesRefused += 1 }
                return 503
            }
            guard let streams = Self.streams(uri: uri), streams.allSatisfy(FakeMarket.servesStream) else { return 400 }
            return nil
        }
    }

    /// The streams a `/feed?want=a,b` request names (nil for any other path).
    static func streams(uri: String) -> [String]? {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.first == "/feed" else { return nil }
        guard parts.count == 2 else { return [] }
        guard parts[1].hasPrefix("want=") else { return nil }
        return parts[1].dropFirst(5).split(separator: ",").map(String.init)
    }

    func opened(_ channel: any Channel, streams: [String]) -> Int {
        state.withLockedValue { s in
            let id = s.nextSession
            s.nextSession += 1
            s.sessions[id] = Session(channel: channel, streams: Set(streams))
            s.connectionsOpened += 1
            s.outageOpen = false
            return id
        }
    }

    func ended(_ session: Int) {
        _ = state.withLockedValue { $0.sessions.removeValue(forKey: session) }
    }

    /// Applies a control message from `session`; returns the answer frame.
    func control(session: Int, text: String) -> String {
        state.withLockedValue { s in
            s.controls.append(ControlRecord(session: session, text: text, at: Self.time(atStep: s.step)))
            let fields = text.split(separator: " ")
            guard fields.count == 2, let id = FakeWire.requestID(fields[1]), let op = fields[0].first else {
                return "err 400 #0 unreadable request"
            }
            let names = fields[0].dropFirst().split(separator: ",").map(String.init)
            switch op {
            case "+":
                if let bad = names.first(where: { !FakeMarket.servesStream($0) }) {
                    return "err 404 #\(id) no stream \(bad)"
                }
                s.sessions[session]?.streams.formUnion(names)
                return "ok #\(id)"
            case "-":
                s.sessions[session]?.streams.subtract(names)
                return "ok #\(id)"
            case "?":
                let names = (s.sessions[session]?.streams ?? []).sorted()
                return names.isEmpty ? "list #\(id)" : "list #\(id) \(names.joined(separator: ","))"
            default:
                return "err 400 #\(id) unknown operation"
            }
        }
    }

    // MARK: - The market moving (called on the server's event loop)

    /// One step of simulated time: closes the bars that end now and sends every session a
    /// forming update of each series it carries, all of a session's frames in one flush.
    func tick() {
        var writes: [(any Channel, [String])] = []
        var closing: [any Channel] = []
        state.withLockedValue { s in
            s.step += 1
            let now = Self.time(atStep: s.step)
            if now % Interval.minute == 0, s.outageOpen, s.sessions.isEmpty {
                s.outageCloses.append(now - Interval.minute)
            }
            for id in s.sessions.keys.sorted() {
                let session = s.sessions[id]!
                if let at = session.closeAtStep, at <= s.step {
                    closing.append(session.channel)
                    s.sessions[id] = nil
                    continue
                }
                var frames: [String] = []
                for name in session.streams.sorted() {
                    guard case .candles(let symbol, let interval)? = FakeWire.subscription(named: name) else { continue }
                    let length = interval.fixedMilliseconds!
                    if now % length == 0 {
                        frames.append(FakeWire.candleFrame(FakeMarket.truth(symbol, interval, openTime: now - length)))
                    }
                    frames.append(FakeWire.candleFrame(FakeMarket.forming(symbol, interval, now: now)))
                }
                writes.append((session.channel, frames))
            }
        }
        for (channel, frames) in writes {
            for frame in frames { channel.write(Self.text(frame), promise: nil) }
            channel.flush()
        }
        for channel in closing { channel.close(promise: nil) }
    }

    /// Closes every session at once and answers upgrades 503 for `outageSteps` steps.
    func dropAll(outageSteps: Int) {
        let channels = state.withLockedValue { s -> [any Channel] in
            s.refuseUntilStep = s.step + outageSteps
            s.outageOpen = true
            s.outageCloses = []
            defer { s.sessions = [:] }
            return s.sessions.values.map(\.channel)
        }
        for channel in channels { channel.close(promise: nil) }
    }

    /// Tells every session `bye` and closes it `closeAfterSteps` steps later; returns how many.
    func bye(closeAfterSteps: Int) -> Int {
        let channels = state.withLockedValue { s -> [any Channel] in
            for id in s.sessions.keys where s.sessions[id]!.closeAtStep == nil {
                s.sessions[id]!.closeAtStep = s.step + closeAfterSteps
            }
            return s.sessions.values.map(\.channel)
        }
        for channel in channels { channel.writeAndFlush(Self.text("bye"), promise: nil) }
        return channels.count
    }

    func closeAll() {
        let channels = state.withLockedValue { s -> [any Channel] in
            defer { s.sessions = [:] }
            return s.sessions.values.map(\.channel)
        }
        for channel in channels { channel.close(promise: nil) }
    }

    static func text(_ string: String) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: string))
    }
}

/// The fake venue's WebSocket server on 127.0.0.1 and a free port. One event-loop thread runs
/// the listener, every session and the market's clock, so a tick, an upgrade and a drop never
/// interleave.
final class FakeVenueServer: Sendable {
    let port: Int
    let market: FakeMarketState
    private let group: MultiThreadedEventLoopGroup
    private let listener: any Channel
    private let ticker: RepeatedTask

    private init(port: Int, market: FakeMarketState, group: MultiThreadedEventLoopGroup, listener: any Channel,
                 ticker: RepeatedTask) {
        self.port = port
        self.market = market
        self.group = group
        self.listener = listener
        self.ticker = ticker
    }

    /// Starts the server; the market advances one step (15 simulated seconds) every
    /// `stepMilliseconds` real milliseconds, so a simulated minute passes in 4 × that.
    static func start(stepMilliseconds: Int64 = 5) async throws -> FakeVenueServer {
        let market = FakeMarketState()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let listener = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try configure(channel, market: market) }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            let ticker = group.next().scheduleRepeatedTask(initialDelay: .milliseconds(stepMilliseconds),
                                                           delay: .milliseconds(stepMilliseconds)) { _ in
                market.tick()
            }
            return FakeVenueServer(port: listener.localAddress!.port!, market: market, group: group,
                                   listener: listener, ticker: ticker)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private static func configure(_ channel: any Channel, market: FakeMarketState) throws {
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: 1 << 16,
            shouldUpgrade: { channel, head in
                // A refused upgrade goes on to FakeRefusalHandler, which answers with the status.
                channel.eventLoop.makeSucceededFuture(market.refusal(uri: head.uri, counting: true) == nil ? HTTPHeaders() : nil)
            },
            upgradePipelineHandler: { channel, head in
                channel.eventLoop.makeCompletedFuture {
                    let session = market.opened(channel, streams: FakeMarketState.streams(uri: head.uri) ?? [])
                    try channel.pipeline.syncOperations.addHandler(FakeSessionHandler(market: market, session: session))
                }
            })
        let sync = channel.pipeline.syncOperations
        try sync.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
            // The WebSocket connection has no use for the refusal handler.
            context.pipeline.syncOperations.removeHandler(name: FakeRefusalHandler.name, promise: nil)
        }))
        try sync.addHandler(FakeRefusalHandler(market: market), name: FakeRefusalHandler.name)
    }

    /// Drops every connection and refuses new ones for `outageSteps` steps of the market.
    func dropAll(outageSteps: Int) async throws {
        let market = self.market
        try await group.next().submit { market.dropAll(outageSteps: outageSteps) }.get()
    }

    /// Sends `bye` on every connection and closes each `closeAfterSteps` steps later.
    @discardableResult
    func bye(closeAfterSteps: Int) async throws -> Int {
        let market = self.market
        return try await group.next().submit { market.bye(closeAfterSteps: closeAfterSteps) }.get()
    }

    func stop() async {
        ticker.cancel()
        let market = self.market
        try? await group.next().submit { market.closeAll() }.get()
        try? await listener.close()
        try? await group.shutdownGracefully()
    }
}

/// One upgraded connection: answers control messages and pings, and tells the market when it ends.
private final class FakeSessionHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let market: FakeMarketState
    private let session: Int

    init(market: FakeMarketState, session: Int) {
        self.market = market
        self.session = session
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            var payload = frame.unmaskedData
            let text = payload.readString(length: payload.readableBytes) ?? ""
            let answer = market.control(session: session, text: text)
            context.writeAndFlush(Self.wrapOutboundOut(FakeMarketState.text(answer)), promise: nil)
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(Self.wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        market.ended(session)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Answers a request the upgrader refused: 503 during an outage, 400 for streams the venue
/// does not have or a path it does not serve.
private final class FakeRefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    static let name = "fake-refusal"

    private let market: FakeMarketState
    private var uri = ""

    init(market: FakeMarketState) { self.market = market }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            uri = head.uri
        case .body:
            break
        case .end:
            let status = market.refusal(uri: uri) ?? 426
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "0")
            headers.add(name: "Connection", value: "close")
            let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
            context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        }
    }
}
