import MarketModel

/// Writes one session's data frames: wraps them for combined connections, leaves out
/// non-essential frames for a client that is not reading, and slips in malformed frames at
/// the configured rate (always in addition to the real frame, so nothing valid is lost).
struct FrameWriter {
    let engine: LiveEngine
    let session: WebSocketSession
    let sink: FrameSink
    let malformedRate: Double
    /// Whether the connection had taken everything written before this tick. The firehose
    /// decides on this once a tick: a whole burst may pass the channel's high-water mark before
    /// its flush, and that says nothing about whether the client reads.
    let writableAtStart: Bool

    init(engine: LiveEngine, session: WebSocketSession, sink: FrameSink, malformedRate: Double) {
        self.engine = engine
        self.session = session
        self.sink = sink
        self.malformedRate = malformedRate
        writableAtStart = sink.isWritable
    }

    /// False when the frame was left out for a client that is not reading.
    @discardableResult
    func send(_ stream: String, _ payload: String, essential: Bool = false) -> Bool {
        if !essential && !sink.isWritable {
            engine.pending.framesSkippedSlowClient += 1
            return false
        }
        if malformedRate > 0, engine.rng.uniform() < malformedRate {
            sink.write(text: MalformedFrame.make(stream: stream, payload: payload, combined: session.combined, rng: &engine.rng))
            engine.pending.malformedSent += 1
            engine.pending.framesSent += 1
        }
        sink.write(text: session.combined ? Frames.combined(stream: stream, payload: payload) : payload)
        engine.pending.framesSent += 1
        engine.pending.dataFramesSent += 1
        return true
    }

    /// Sends one non-essential payload `count` times (the firehose); returns how many went out.
    /// Without malformed frames to mix in, the frame is wrapped and encoded once for all.
    func sendRepeated(_ stream: String, _ payload: String, count: Int) -> Int {
        guard count > 0 else { return 0 }
        guard writableAtStart else {
            engine.pending.framesSkippedSlowClient += count
            return 0
        }
        if malformedRate > 0 {
            return (0..<count).reduce(0) { n, _ in n + (send(stream, payload, essential: true) ? 1 : 0) }
        }
        sink.write(text: session.combined ? Frames.combined(stream: stream, payload: payload) : payload, count: count)
        engine.pending.framesSent += count
        engine.pending.dataFramesSent += count
        return count
    }
}

extension LiveEngine {
    /// The bars of `interval` the symbol closed this tick, each an essential frame (never
    /// skipped for a slow client); returns how many were sent.
    func sendCloses(of symbol: LiveSymbol, _ interval: Interval, frames: Frames, to name: String,
                    writer: FrameWriter, now: Int64) -> Int {
        let closed = symbol.closed[interval] ?? []
        for candle in closed {
            writer.send(name, frames.kline(candle, interval: interval, closed: true, eventTime: now), essential: true)
        }
        pending.klineClosesSent += closed.count
        return closed.count
    }

    func mergeDiff(_ sub: Subscription) {
        guard case .diffDepth = sub.stream.kind, let index = sub.stream.symbol,
              let diff = live(index).bookDiff else { return }
        if sub.pendingDiff == nil { sub.pendingDiff = diff } else { sub.pendingDiff!.merge(diff) }
    }

    func emit(_ sub: Subscription, writer: FrameWriter, now: Int64, real: UInt64) {
        let name = sub.stream.name
        if case .allMiniTickers = sub.stream.kind {
            guard sub.due(now: now, real: real, period: 1_000) else { return }
            sub.sent(now: now, real: real)
            // A symbol held by a mark is left out until its hold is over.
            let items = liveSymbols.filter { $0.mark.map { $0.released || $0.fresh } ?? true }
                .map { Frames(spec: $0.spec).miniTicker($0.window(), eventTime: now) }
            writer.send(name, "[" + items.joined(separator: ",") + "]")
            return
        }
        let symbol = live(sub.stream.symbol!)
        let frames = Frames(spec: symbol.spec)
        switch sub.stream.kind {
        case .kline(let interval):
            pending.klineFramesSent += sendCloses(of: symbol, interval, frames: frames, to: name, writer: writer, now: now)
            if sub.due(now: now, real: real, period: interval == .s1 ? 1_000 : 2_000),
               let forming = symbol.shown(interval) {
                sub.sent(now: now, real: real)
                if writer.send(name, frames.kline(forming, interval: interval, closed: false, eventTime: now)) {
                    pending.klineFramesSent += 1
                }
            }
        case .aggTrade:
            for event in symbol.played {
                guard sub.admitSample(real: real) else { pending.framesSampledOut += 1; continue }
                if writer.send(name, frames.aggTrade(event, eventTime: event.time)) { pending.tradeFramesSent += 1 }
            }
        case .trade:
            for event in symbol.played {
                for k in 0..<Int(event.fillCount) {
                    guard sub.admitSample(real: real) else { pending.framesSampledOut += 1; continue }
                    let quantity = symbol.playedFills[Int(event.fillStart) + k]
                    if writer.send(name, frames.trade(event, id: event.firstTradeId + Int64(k), quantity: quantity,
                                                      eventTime: event.time)) {
                        pending.tradeFramesSent += 1
                    }
                }
            }
        case .bookTicker:
            if symbol.topChanged || !symbol.played.isEmpty {
                guard sub.admitSample(real: real) else { pending.framesSampledOut += 1; return }
                writer.send(name, frames.bookTicker(symbol.book))
            }
        case .miniTicker:
            guard sub.due(now: now, real: real, period: 1_000) else { return }
            sub.sent(now: now, real: real)
            writer.send(name, frames.miniTicker(symbol.window(), eventTime: now))
        case .ticker:
            guard sub.due(now: now, real: real, period: 1_000) else { return }
            sub.sent(now: now, real: real)
            writer.send(name, frames.ticker(symbol.window(), book: symbol.book, eventTime: now))
        case .partialDepth(let levels, let fast):
            guard sub.due(now: now, real: real, period: fast ? 100 : 1_000) else { return }
            sub.sent(now: now, real: real)
            writer.send(name, frames.partialDepth(symbol.book, levels: levels))
        case .diffDepth(let fast):
            mergeDiff(sub)
            // A diff is never skipped for a slow client: it waits, merged, so U/u stay contiguous.
            guard let diff = sub.pendingDiff, writer.sink.isWritable,
                  sub.due(now: now, real: real, period: fast ? 100 : 1_000) else { return }
            sub.sent(now: now, real: real)
            sub.pendingDiff = nil
            writer.send(name, frames.depthUpdate(diff, eventTime: now), essential: true)
        case .allMiniTickers:
            break
        }
    }
}

/// Frames that no correct decoder accepts: cut-off JSON, noise, or JSON with every field of
/// the wrong type. Never plausible-looking wrong data.
enum MalformedFrame {
    static func make(stream: String, payload: String, combined: Bool, rng: inout RandomSource) -> String {
        let real = combined ? Frames.combined(stream: stream, payload: payload) : payload
        switch rng.below(3) {
        case 0:
            let bytes = Array(real.utf8)
            let cut = 1 + rng.below(max(1, bytes.count - 2))
            return String(decoding: bytes[..<cut], as: UTF8.self)
        case 1:
            let alphabet = Array("#%&*^~?!|<>;:@$".utf8)
            let noise = (0..<(8 + rng.below(40))).map { _ in alphabet[rng.below(alphabet.count)] }
            return "~" + String(decoding: noise, as: UTF8.self)
        default:
            let wrong = "{\"e\":7,\"E\":\"soon\",\"s\":false,\"k\":7,\"p\":null,\"q\":[],\"u\":\"x\","
                + "\"b\":{},\"a\":7,\"lastUpdateId\":\"x\",\"bids\":{},\"asks\":7}"
            return combined ? Frames.combined(stream: stream, payload: wrong) : wrong
        }
    }
}
