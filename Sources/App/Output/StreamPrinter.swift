import MarketData
import MarketModel
import MarketState
import Signals

/// `thebot stream`'s reader of the series store: each batch becomes NDJSON lines written
/// straight into the buffered stdout writer, each candle followed by the signals it fired, on
/// the event-loop thread that decoded the batch, and written with one `write` per batch. No
/// String, no thread hand-off and no syscall per message.
///
/// A batch's signals are committed to the signal history before the batch is written, so every
/// printed signal is in `thebot history` even when the process is killed right after. The commit
/// runs on the feed's thread: signals are rare next to candles, and one WAL transaction per batch
/// that fired any costs less than handing the batch to another thread and back. A signal the
/// history refuses is printed with `"saved":false`; the journal holds and retries it.
final class StreamPrinter: SeriesConsumer {
    private let out: StdoutWriter
    private let history: SignalJournal?

    init(out: StdoutWriter, history: SignalJournal? = nil) {
        self.out = out
        self.history = history
    }

    /// The line of a market event the channels asked for. The feed carries only what was
    /// subscribed; raw depth diffs are the book's input, and the synced book itself arrives as
    /// partial depth.
    static func line(_ event: MarketEvent) -> String? {
        switch event {
        case .trade(let t): return JSONLine.trade(t)
        case .bookTop(let b): return JSONLine.bookTop(b)
        case .ticker(let t): return JSONLine.ticker(t)
        case .partialDepth(let symbol?, let book): return JSONLine.depth(symbol, book)
        case .candle, .tickers, .partialDepth(nil, _), .depthUpdate: return nil
        }
    }

    func seriesChanged(_ batch: SeriesBatch, store: SeriesStoreView) {
        var saved = true
        if let history, !batch.signals.isEmpty {
            saved = history.write(Array(batch.signals))
        }
        let updates = batch.updates
        out.appendAndWrite { bytes in
            updates.candles.withUnsafeBufferPointer { candles in
                for index in updates.indices {
                    // Candles are written from where they lie in the batch (see `FeedBatch`).
                    if let (c, backfilled) = updates.candleIndex(at: index) {
                        JSONLine.appendCandle(candles.baseAddress! + c, backfilled: backfilled, to: &bytes)
                        bytes.append(10)
                        for signal in batch.signals(of: index) {
                            bytes.append(contentsOf: signal.jsonLine(saved: saved).utf8)
                            bytes.append(10)
                        }
                    } else {
                        Self.append(updates[index], to: &bytes)
                    }
                }
            }
        }
    }

    private static func append(_ update: StreamUpdate, to bytes: inout [UInt8]) {
        switch update {
        case .candle:
            break
        case .health(let health):
            bytes.append(contentsOf: JSONLine.health(health).utf8)
            bytes.append(10)
        case .event(let event):
            if let line = Self.line(event) {
                bytes.append(contentsOf: line.utf8)
                bytes.append(10)
            }
        }
    }
}
