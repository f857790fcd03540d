import Foundation
import NIOCore
import NIOWebSocket

/// Plays the market forward on a timer and feeds every WebSocket session its streams.
/// Everything here is confined to the exchange's single event loop: the channel handlers
/// call in on that loop and the public API hops onto it, so no state needs a lock.
final class LiveEngine {
    static let tickMilliseconds: Int64 = 50
    /// Firehose ticks are shorter, so its frames go out in many small bursts a second.
    static let firehoseTickMilliseconds: Int64 = 10

    let core: ExchangeCore
    let eventLoop: EventLoop
    private var symbols: [LiveSymbol?]
    private(set) var sessions: [Int: WebSocketSession] = [:]
    private var nextSessionId = 1
    var rng: RandomSource
    private var lastTickReal: UInt64
    private var nextDropAt: Int64?
    private var nextStallAt: Int64?
    /// Counted during a tick and added to the shared stats once at its end.
    var pending = SimulatorStats()
    /// Firehose frames owed but not yet whole, carried to the next tick.
    var firehoseCarry = 0.0
    /// Where the firehose's leftover frames start, rotating so no stream is favoured.
    var firehoseTurn = 0
    /// Marks asked for since the last tick, printed by the next one (see `MarkOverlay`).
    var pendingMarks: [MarkRequest] = []
    var nextMarkId = 1
    var markHolds: [Int: Int] = [:]
    var markRng: RandomSource
    /// Set when the connection being serviced got marker frames, so its flush stamps them.
    var carriedMark = false
    /// The latest marker prices of each symbol, which a new mark avoids.
    var recentMarkPrices: [Int: [Int64]] = [:]

    init(core: ExchangeCore, eventLoop: EventLoop) {
        self.core = core
        self.eventLoop = eventLoop
        symbols = Array(repeating: nil, count: core.specs.count)
        rng = RandomSource(core.options.seed, 0xFA_017)
        markRng = RandomSource(core.options.seed, 0x3A_4B)
        lastTickReal = SimClock.realNanoseconds()
    }

    /// The symbol's live state, started at the current simulated time on first use.
    func live(_ index: Int) -> LiveSymbol {
        if let existing = symbols[index] { return existing }
        let created = LiveSymbol(index: index, history: core.history, now: core.clock.now())
        symbols[index] = created
        return created
    }

    var liveSymbols: [LiveSymbol] { symbols.compactMap { $0 } }

    // MARK: sessions

    func open(sink: FrameSink, streams: [StreamName], combined: Bool) -> WebSocketSession {
        let session = WebSocketSession(id: nextSessionId, sink: sink, combined: combined, real: SimClock.realNanoseconds())
        nextSessionId += 1
        sessions[session.id] = session
        _ = session.subscribe(streams)
        streams.forEach(prepare)
        core.stats.withLock {
            $0.connectionsOpen += 1
            $0.connectionsTotal += 1
        }
        return session
    }

    func closed(_ session: WebSocketSession) {
        guard sessions.removeValue(forKey: session.id) != nil else { return }
        core.stats.withLock { $0.connectionsOpen -= 1 }
    }

    /// Makes sure the market state a stream needs is being played.
    func prepare(_ stream: StreamName) {
        switch stream.kind {
        case .allMiniTickers:
            for index in core.specs.indices { _ = live(index) }
        case .kline(let interval):
            live(stream.symbol!).watch(interval)
        default:
            _ = live(stream.symbol!)
        }
    }

    func drop(_ session: WebSocketSession, reason: String) {
        guard !session.closing else { return }
        session.closing = true
        session.sink?.abort()
        pending.drop(reason)
    }

    func dropAll(reason: String) {
        for session in sessions.values { drop(session, reason: reason) }
        commitCounters()
    }

    func stallAll(seconds: Double) {
        let until = SimClock.realNanoseconds() + core.nanoseconds(seconds)
        for session in sessions.values where !session.closing {
            session.stalledUntil = max(session.stalledUntil, until)
            pending.stalls += 1
        }
        commitCounters()
    }

    /// Announces a shutdown on every connection, then closes them after `closeAfter` seconds.
    func serverShutdown(closeAfter: Double) {
        let now = core.clock.now()
        let payload = Frames.serverShutdown(eventTime: now)
        for session in sessions.values where !session.closing {
            let text = session.combined ? Frames.combined(stream: "!serverShutdown", payload: payload) : payload
            session.sink?.write(text: text)
            session.sink?.flush()
            session.closing = true
            pending.serverShutdownsSent += 1
            pending.framesSent += 1
            pending.drop("shutdown")
            eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(core.nanoseconds(closeAfter)))) {
                session.sink?.close(code: .goingAway)
            }
        }
        commitCounters()
    }

    /// Runs a control on the loop: the persistent part is already applied by the caller.
    func perform(_ control: FaultControl) {
        switch control {
        case .dropAllNow: dropAll(reason: "fault")
        case .stall(let seconds): stallAll(seconds: seconds)
        case .serverShutdown(let closeAfter): serverShutdown(closeAfter: closeAfter)
        case .mark(let symbol, let hold): _ = requestMark(symbol: symbol, holdMilliseconds: hold)
        default: break
        }
    }

    func closeAll() {
        for session in sessions.values {
            session.closing = true
            session.sink?.close(code: .goingAway)
        }
    }

    // MARK: the tick

    func tick() {
        let real = SimClock.realNanoseconds()
        let now = core.clock.now(real: real)
        let elapsed = Double(real &- lastTickReal) / 1e9
        lastTickReal = real
        let faults = core.faults.withLock { state -> FaultState in
            let copy = state
            state.dropPeriodChanged = false
            state.stallPeriodChanged = false
            return copy
        }
        scheduleFaults(faults, now: now)

        releaseMarks(real: real)
        for symbol in symbols { symbol?.advance(to: now) }
        printMarks(now: now, real: real)
        let ordered = sessions.values.sorted(by: { $0.id < $1.id })
        if core.options.firehose > 0 { planFirehose(ordered, elapsed: elapsed, real: real) }
        for session in ordered {
            service(session, now: now, real: real, elapsed: elapsed, faults: faults.settings)
        }
        recordMarks()
        pending.simulatedNow = now
        commitCounters()
    }

    private func scheduleFaults(_ faults: FaultState, now: Int64) {
        let dropPeriod = Int64(faults.settings.dropEverySimulatedSeconds * 1000)
        if faults.dropPeriodChanged { nextDropAt = dropPeriod > 0 ? now + dropPeriod : nil }
        if let at = nextDropAt, now >= at {
            dropAll(reason: "fault")
            nextDropAt = dropPeriod > 0 ? max(at + dropPeriod, now + 1) : nil
        }
        let stallPeriod = Int64(faults.settings.stallEverySimulatedSeconds * 1000)
        if faults.stallPeriodChanged { nextStallAt = stallPeriod > 0 ? now + stallPeriod : nil }
        if let at = nextStallAt, now >= at {
            stallAll(seconds: faults.settings.stallSeconds)
            nextStallAt = stallPeriod > 0 ? max(at + stallPeriod, now + 1) : nil
        }
    }

    private func service(_ session: WebSocketSession, now: Int64, real: UInt64, elapsed: Double, faults: FaultSettings) {
        guard !session.closing, let sink = session.sink else { return }
        let pongDeadline = max(session.lastPongReal, session.stalledUntil) + core.nanoseconds(core.options.pongTimeout)
        if real > pongDeadline {
            drop(session, reason: "pong_timeout")
            return
        }
        let p = faults.dropProbabilityPerSecond
        if p > 0, rng.uniform() < 1 - Foundation.pow(1 - p, elapsed) {
            drop(session, reason: "fault")
            return
        }
        if session.isStalled(real: real) {
            // The link is frozen, but book diffs keep merging so sequencing survives the stall.
            for sub in session.subscriptions { mergeDiff(sub) }
            return
        }
        if real - session.lastPingReal >= core.nanoseconds(core.options.pingInterval) {
            session.lastPingReal = real
            let payload = String(now)
            sink.ping(payload)
            session.sentPing(payload: payload)
            pending.pingsSent += 1
            pending.framesSent += 1
        }
        let writer = FrameWriter(engine: self, session: session, sink: sink, malformedRate: faults.malformedRate)
        let firehose = core.options.firehose > 0
        for sub in session.subscriptions {
            if emitMarked(sub, writer: writer, now: now, real: real) { continue }
            if firehose && sub.carriesFirehose {
                emitFirehose(sub, writer: writer, now: now)
            } else {
                emit(sub, writer: writer, now: now, real: real)
            }
        }
        if carriedMark {
            carriedMark = false
            stampMarks()
        }
        sink.flush()
    }

    func commitCounters() {
        let delta = pending
        pending = SimulatorStats()
        core.stats.withLock { s in
            s.framesSent += delta.framesSent
            s.dataFramesSent += delta.dataFramesSent
            s.klineClosesSent += delta.klineClosesSent
            s.klineFramesSent += delta.klineFramesSent
            s.tradeFramesSent += delta.tradeFramesSent
            s.controlResponses += delta.controlResponses
            s.pingsSent += delta.pingsSent
            s.pongsReceived += delta.pongsReceived
            s.pongsEchoingPing += delta.pongsEchoingPing
            s.pongsNotEchoingPing += delta.pongsNotEchoingPing
            s.subscribesRejected += delta.subscribesRejected
            s.malformedSent += delta.malformedSent
            s.stalls += delta.stalls
            s.serverShutdownsSent += delta.serverShutdownsSent
            s.framesSampledOut += delta.framesSampledOut
            s.framesSkippedSlowClient += delta.framesSkippedSlowClient
            s.framesHeldForMark += delta.framesHeldForMark
            if !delta.marks.isEmpty {
                s.marks.append(contentsOf: delta.marks)
                if s.marks.count > Marks.kept { s.marks.removeFirst(s.marks.count - Marks.kept) }
            }
            for (reason, n) in delta.dropsByReason {
                s.drops += n
                s.dropsByReason[reason, default: 0] += n
            }
            for (kind, n) in delta.protocolViolations where n > 0 { s.protocolViolations[kind, default: 0] += n }
            if delta.simulatedNow != 0 { s.simulatedNow = delta.simulatedNow }
        }
    }
}
