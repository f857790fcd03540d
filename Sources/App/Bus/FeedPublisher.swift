import Bus
import MarketData
import MarketModel
import MarketState
import Signals

/// `serve`'s reader of the series store: each batch becomes bus messages, the same lines
/// `stream --json` prints. Closed bars and signals are kept by JetStream (each with an id, so
/// no copy is ever kept twice), and so is the last health line; forming bars, tickers, trades
/// and book tops are live only.
/// Runs on the feed's thread: it only queues, the outbox sends.
final class FeedPublisher: SeriesConsumer {
    private let outbox: BusOutbox
    private let venue: String
    private let healthCount = Locked(0)

    init(outbox: BusOutbox, venue: String) {
        self.outbox = outbox
        self.venue = venue
    }

    func seriesChanged(_ batch: SeriesBatch, store: SeriesStoreView) {
        var messages: [OutgoingMessage] = []
        for (index, update) in batch.updates.enumerated() {
            switch update {
            case .candle(let candle, let backfilled):
                var line: [UInt8] = []
                JSONLine.appendCandle(candle, backfilled: backfilled, to: &line)
                if candle.isClosed {
                    messages.append(OutgoingMessage(
                        subject: FeedSubjects.closed(venue: venue, symbol: candle.symbol, interval: candle.interval),
                        payload: line,
                        kind: .kept(msgId: FeedSubjects.barID(venue: venue, candle: candle), orderKey: candle.openTime)))
                } else {
                    messages.append(OutgoingMessage(
                        subject: FeedSubjects.forming(venue: venue, symbol: candle.symbol, interval: candle.interval),
                        payload: line, kind: .live))
                }
                for signal in batch.signals(of: index) {
                    messages.append(OutgoingMessage(
                        subject: FeedSubjects.signals(venue: venue, symbol: signal.symbol),
                        payload: Array(signal.jsonLine.utf8),
                        kind: .kept(msgId: signal.id.uuidString.lowercased(), orderKey: nil)))
                }
            case .health(let health):
                let n = healthCount.withLock { count -> Int in
                    count += 1
                    return count
                }
                messages.append(OutgoingMessage(subject: FeedSubjects.health,
                                                payload: Array(Self.healthLine(health, bus: outbox.counters).utf8),
                                                kind: .kept(msgId: "health/\(wallClockMilliseconds())/\(n)", orderKey: nil)))
            case .event(.ticker(let ticker)):
                messages.append(tickerMessage(ticker))
            case .event(.tickers(let list)):
                messages.append(contentsOf: list.map(tickerMessage))
            case .event(.trade(let trade)):
                messages.append(OutgoingMessage(subject: FeedSubjects.trades(venue: venue, symbol: trade.symbol),
                                                payload: Array(JSONLine.trade(trade).utf8), kind: .live))
            case .event(.bookTop(let top)):
                messages.append(OutgoingMessage(subject: FeedSubjects.bookTop(venue: venue, symbol: top.symbol),
                                                payload: Array(JSONLine.bookTop(top).utf8), kind: .live))
            case .event:
                break
            }
        }
        outbox.send(messages)
    }

    private func tickerMessage(_ ticker: Ticker24h) -> OutgoingMessage {
        OutgoingMessage(subject: FeedSubjects.ticker(venue: venue, symbol: ticker.symbol),
                        payload: Array(JSONLine.ticker(ticker).utf8), kind: .live)
    }

    /// The health line `stream` prints, with the feed's queue to the bus added at the end.
    static func healthLine(_ health: FeedHealth, bus: BusOutbox.Counters) -> String {
        var line = JSONLine.health(health)
        line.removeLast()
        line += ",\"bus_pending\":\(bus.pending),\"bus_dropped\":\(bus.dropped),\"bus_published\":\(bus.published)}"
        return line
    }
}
