import MarketData
import MarketModel
import MarketState
import Signals

/// `thebot stream`'s reader of the series store: each batch becomes NDJSON lines written
/// straight into the buffered stdout writer, each candle followed by the signals it fired, on
/// the event-loop thread that decoded the batch, and written with one `write` per batch. No
/// String, no thread hand-off and no syscall per message.
final class StreamPrinter: SeriesConsumer {
    private let out: StdoutWriter

    init(out: StdoutWriter) {
        self.out = out
    }

    func seriesChanged(_ batch: SeriesBatch, store: SeriesStoreView) {
        out.appendAndWrite { bytes in
            for index in batch.updates.indices {
                switch batch.updates[index] {
                case .candle(let candle, let backfilled):
                    JSONLine.appendCandle(candle, backfilled: backfilled, to: &bytes)
                    bytes.append(10)
                    for signal in batch.signals(of: index) {
                        bytes.append(contentsOf: signal.jsonLine.utf8)
                        bytes.append(10)
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
