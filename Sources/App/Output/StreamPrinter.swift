import MarketData
import MarketModel
import Signals

/// `thebot stream`'s consumer of the feed: each batch becomes NDJSON lines written straight into
/// the buffered stdout writer, on the event-loop thread that decoded the batch. No String and no
/// thread hand-off per message; the writer flushes a few milliseconds after the first line.
final class StreamPrinter: FeedSink {
    private let out: StdoutWriter
    private let desk: SignalDesk?

    init(out: StdoutWriter, desk: SignalDesk?) {
        self.out = out
        self.desk = desk
    }

    func receive(_ updates: [StreamUpdate]) {
        let now = wallClockMilliseconds()
        out.append { bytes in
            for update in updates {
                switch update {
                case .candle(let candle, let backfilled):
                    JSONLine.appendCandle(candle, backfilled: backfilled, to: &bytes)
                    bytes.append(10)
                    if let desk {
                        for signal in desk.evaluate(candle, backfilled: backfilled, nowMs: now) {
                            bytes.append(contentsOf: signal.jsonLine.utf8)
                            bytes.append(10)
                        }
                    }
                case .health(let health):
                    bytes.append(contentsOf: JSONLine.health(health).utf8)
                    bytes.append(10)
                case .event:
                    break
                }
            }
        }
    }
}
