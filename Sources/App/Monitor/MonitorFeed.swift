import MarketData
import MarketModel
import MarketState
import Presenter
import Signals
import TUI

/// The monitor's reader of the series store: each batch's prices, tickers and health reach the
/// presenter in one step, its signals go to the history (and from there to the pane and the
/// notifiers), and the screen is told by a flag that a frame is due.
final class MonitorFeed: SeriesConsumer {
    private let presenter: MonitorPresenter
    private let recorder: SignalRecorder
    private let loop: MonitorLoop
    private let log: LogFile

    init(presenter: MonitorPresenter, recorder: SignalRecorder, loop: MonitorLoop, log: LogFile) {
        self.presenter = presenter
        self.recorder = recorder
        self.loop = loop
        self.log = log
    }

    func seriesChanged(_ batch: SeriesBatch, store: SeriesStoreView) {
        for case .health(let health) in batch.updates { log.writeHealth(health) }
        let changed = presenter.apply(batch.updates, nowMs: wallClockMilliseconds())
        if !batch.signals.isEmpty { recorder.record(batch.signals) }
        if changed { loop.markDirty() }
    }
}
