import Dispatch
import Foundation
import MarketData
import MarketModel
import MarketState
import Signals

/// Watches the feed for the trader: a reader of the series store that notes, per batch, which
/// symbols had live data and what the connections' state is, and a once-a-second check that
/// turns `FeedWatch`'s decisions into one `FeedAlert` when the feed fails and one when it
/// recovers. The monitor announces them like signals; `stream` prints them.
final class FeedAlarm: SeriesConsumer {
    /// The expected cadence of the streams the feed subscribes to: a kline stream pushes every
    /// 2 s (1 s for `1s` bars), a ticker every second.
    static let klineCadence = 2.0

    private let watch: Locked<FeedWatch>
    private let onAlert: @Sendable (FeedAlert) -> Void
    private let ticker: Task<Void, Never>

    /// - Parameters:
    ///   - staleAfter: seconds; 0 picks `FeedWatch.Thresholds.defaultStaleAfter(cadence:)`.
    init(symbols: [Symbol], staleAfter: Double, downAfter: Double, cadence: Double = FeedAlarm.klineCadence,
         onAlert: @escaping @Sendable (FeedAlert) -> Void) {
        let stale = staleAfter > 0 ? staleAfter : FeedWatch.Thresholds.defaultStaleAfter(cadence: cadence)
        var initial = FeedWatch(thresholds: .init(staleAfter: stale, downAfter: downAfter))
        initial.watch(symbols, now: monotonicSeconds())
        let watch = Locked(initial)
        self.watch = watch
        self.onAlert = onAlert
        ticker = Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                if Task.isCancelled { return }
                if let alert = watch.withLock({ $0.check(now: monotonicSeconds()) }) { onAlert(Self.feedAlert(alert)) }
            }
        }
    }

    deinit { ticker.cancel() }

    func stop() { ticker.cancel() }

    func watch(_ symbols: [Symbol]) {
        watch.withLock { $0.watch(symbols, now: monotonicSeconds()) }
    }

    func unwatch(_ symbols: [Symbol]) {
        watch.withLock { $0.unwatch(symbols) }
    }

    /// Watches exactly `symbols` (the watchlist after a key changed it).
    func follow(_ symbols: [Symbol]) {
        watch.withLock { w in
            w.unwatch(w.watched.filter { !symbols.contains($0) })
            w.watch(symbols, now: monotonicSeconds())
        }
    }

    static func feedAlert(_ alert: FeedWatch.Alert) -> FeedAlert {
        switch alert {
        case .down(let symbols, let sentence):
            FeedAlert(state: .down, time: wallClockMilliseconds(), symbols: symbols, message: sentence)
        case .recovered(let sentence):
            FeedAlert(state: .recovered, time: wallClockMilliseconds(), message: sentence)
        }
    }

    func seriesChanged(_ batch: SeriesBatch, store: SeriesStoreView) {
        let now = monotonicSeconds()
        watch.withLock { w in
            // Consecutive updates of one symbol are the common case: one dictionary write each run.
            var last: Symbol?
            let updates = batch.updates
            // Candles are read where they lie in the batch (see `FeedBatch`).
            updates.candles.withUnsafeBufferPointer { candles in
                for index in updates.indices {
                    let symbol: Symbol?
                    if let (c, backfilled) = updates.candleIndex(at: index) {
                        symbol = backfilled ? nil : candles[c].symbol
                    } else {
                        switch updates[index] {
                        case .candle: symbol = nil
                        case .event(let event): symbol = event.symbol
                        case .health(let health):
                            w.connection(health.state, now: now)
                            symbol = nil
                        }
                    }
                    if let symbol, symbol != last {
                        w.data(symbol, now: now)
                        last = symbol
                    }
                }
            }
        }
    }
}
