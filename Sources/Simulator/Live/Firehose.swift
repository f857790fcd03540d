import MarketModel

/// Firehose mode: a fixed number of kline and trade frames a real second, whatever the market
/// does, written in one burst per connection per tick the way a busy exchange fills a socket.
/// Frames beyond what the market made repeat the latest state (the forming bar, the latest
/// trade), so every frame is still a true update: closed bars keep their exact truth.
extension LiveEngine {
    /// Splits this tick's frames evenly over every kline and trade stream of every connection
    /// that can take them now.
    func planFirehose(_ sessions: [WebSocketSession], elapsed: Double, real: UInt64) {
        let rate = Double(core.options.firehose)
        let carriers = sessions
            .filter { !$0.closing && $0.sink != nil && !$0.isStalled(real: real) }
            .flatMap { $0.subscriptions.filter(\.carriesFirehose) }
        guard !carriers.isEmpty else {
            firehoseCarry = 0
            return
        }
        // A late tick makes up for lost time, but never with more than a tenth of a second's worth.
        firehoseCarry = min(firehoseCarry + rate * elapsed, max(rate / 10, 1))
        let total = Int(firehoseCarry)
        firehoseCarry -= Double(total)
        let count = carriers.count
        let base = total / count
        let extra = total % count
        let turn = firehoseTurn % count
        for (i, sub) in carriers.enumerated() {
            sub.firehoseShare = base + ((i - turn + count) % count < extra ? 1 : 0)
        }
        firehoseTurn = (turn + extra) % count
    }

    /// Sends a stream's share: what the market made this tick first (kline closes always, even
    /// past the share), then repeats of the latest state.
    func emitFirehose(_ sub: Subscription, writer: FrameWriter, now: Int64) {
        let share = sub.firehoseShare
        sub.firehoseShare = 0
        let symbol = live(sub.stream.symbol!)
        let frames = Frames(spec: symbol.spec)
        let name = sub.stream.name
        var sent = 0
        switch sub.stream.kind {
        case .kline(let interval):
            sent += sendCloses(of: symbol, interval, frames: frames, to: name, writer: writer, now: now)
            if share > sent, let forming = symbol.shown(interval) {
                let payload = frames.kline(forming, interval: interval, closed: false, eventTime: now)
                sent += writer.sendRepeated(name, payload, count: share - sent)
            }
            pending.klineFramesSent += sent
        case .aggTrade:
            for event in symbol.played {
                guard sent < share else { pending.framesSampledOut += 1; continue }
                sent += writer.sendRepeated(name, frames.aggTrade(event, eventTime: event.time), count: 1)
            }
            if share > sent, let latest = symbol.latestTrade() {
                sent += writer.sendRepeated(name, frames.aggTrade(latest.event, eventTime: now), count: share - sent)
            }
            pending.tradeFramesSent += sent
        case .trade:
            for event in symbol.played {
                for k in 0..<Int(event.fillCount) {
                    guard sent < share else { pending.framesSampledOut += 1; continue }
                    let quantity = symbol.playedFills[Int(event.fillStart) + k]
                    let payload = frames.trade(event, id: event.firstTradeId + Int64(k), quantity: quantity, eventTime: event.time)
                    sent += writer.sendRepeated(name, payload, count: 1)
                }
            }
            if share > sent, let latest = symbol.latestTrade() {
                let payload = frames.trade(latest.event, id: latest.event.lastTradeId, quantity: latest.lastFill, eventTime: now)
                sent += writer.sendRepeated(name, payload, count: share - sent)
            }
            pending.tradeFramesSent += sent
        default:
            break
        }
    }
}
