import Indicators
import MarketData
import MarketModel
import MarketState
import TUI

/// The monitor's state between the feed and the screen. The feed task writes into it, the UI
/// thread reads a `MonitorState` snapshot once per frame and sends key actions; both go through
/// one lock held only for short copies, so neither side ever waits on the network.
public final class MonitorPresenter: Sendable {
    private let builder: MonitorStateBuilder
    private let data: Locked<MonitorContents>
    private let markerSource = Locked<StoredMarkers.Source?>(nil)
    /// The series' bars and indicators: read for each frame, never copied into the presenter.
    public let store: SeriesStore

    /// - Parameters:
    ///   - intervals: the chart intervals keys 1-9 pick, the first shown at start (not empty).
    ///   - store: where the bars and indicators live; the presenter sets its indicator list.
    ///   - helpLines: the help overlay's lines; empty shows the default key map's.
    ///   - largeTradePercentile: tape trades at or above this percentile of the last 1,000 sizes are highlighted.
    public init(symbols: [Symbol], intervals: [Interval], specs: [IndicatorSpec], store: SeriesStore,
                refreshMilliseconds: Int, isDemo: Bool, endpointLabel: String, helpLines: [String] = [],
                largeTradePercentile: Double = 95) {
        self.store = store
        store.setSpecs(specs)
        builder = MonitorStateBuilder(isDemo: isDemo, endpointLabel: endpointLabel, helpLines: helpLines,
                                      largeTradePercentile: largeTradePercentile)
        data = Locked(MonitorContents(symbols: symbols, intervals: intervals, specs: specs, refreshMs: refreshMilliseconds))
    }

    public var interval: Interval { data.withLock { $0.interval } }
    public var symbols: [Symbol] { data.withLock { $0.boards.symbols } }

    // MARK: - Feed side

    /// Applies one stream update the store has already folded in (prices, tickers, health);
    /// returns true when the screen should redraw.
    @discardableResult
    public func apply(_ update: StreamUpdate, nowMs: Int64) -> Bool {
        data.withLock { Self.apply(update, to: &$0, nowMs: nowMs) }
    }

    private static func apply(_ update: StreamUpdate, to d: inout MonitorContents, nowMs: Int64) -> Bool {
        switch update {
        case .candle(let candle, _):
            return d.boards.apply(candle: candle, chartInterval: d.interval, nowMs: nowMs)
        case .event(let event):
            return d.boards.apply(event: event, nowMs: nowMs)
        case .health(let health):
            return d.feed.note(health)
        }
    }

    /// A batch of updates in one step (one lock); true when the screen should redraw.
    public func apply(_ updates: some Sequence<StreamUpdate>, nowMs: Int64) -> Bool {
        data.withLock { d in
            var changed = false
            for update in updates where Self.apply(update, to: &d, nowMs: nowMs) { changed = true }
            return changed
        }
    }

    /// Symbols the exchange lists, for completion, and each one's price precision.
    public func setExchangeSymbols(_ names: [String], decimals: [Symbol: Int]) {
        data.withLock { $0.boards.setExchangeSymbols(names, decimals: decimals) }
    }

    /// Stored signals for the pane (newest last), with the consensus they leave behind.
    public func addSignals(_ rows: [SignalRow], consensus: [Symbol: SignalConsensus]) {
        data.withLock { $0.alerts.add(signals: rows, consensus: consensus) }
    }

    /// Where the chart's markers come from: the stored signals of a series since a time.
    public func setMarkerSource(_ source: @escaping @Sendable (Symbol, Interval, Int64) -> [SignalRow]) {
        markerSource.withLock { $0 = source }
    }

    /// Signals shown as not saved (`SignalRow.saved == false`) that the history has now stored.
    public func markSaved(ids: Set<String>) {
        data.withLock { $0.alerts.markSaved(ids: ids) }
    }

    /// The signal history failing, as the sentence the status line keeps until it works (nil).
    public func setHistoryProblem(_ sentence: String?) {
        data.withLock { $0.historyProblem = sentence }
    }

    public func setSignalHistory(_ rows: [SignalRow]) {
        data.withLock { $0.alerts.replaceHistory(rows) }
    }

    public func show(toast text: String, severity: Severity, direction: SignalDirection?, nowMs: Int64) {
        data.withLock { $0.alerts.addToast(text, severity: severity, direction: direction, nowMs: nowMs) }
    }

    public func show(modal: ModalView) {
        data.withLock { $0.alerts.modal = modal }
    }

    /// Bytes for the terminal itself (bell, desktop notifications). They are written on the UI
    /// thread between frames, so they never land inside an ncurses update.
    public func queueTerminal(_ bytes: [UInt8]) {
        data.withLock { $0.alerts.queueTerminal(bytes) }
    }

    public func takeTerminalBytes() -> [UInt8] {
        data.withLock { $0.alerts.takeTerminalBytes() }
    }

    /// A sentence on the status line for `forMs`.
    public func flash(_ sentence: String, nowMs: Int64, forMs: Int64 = 6_000) {
        data.withLock { $0.message.show(sentence, nowMs: nowMs, forMs: forMs) }
    }

    // MARK: - UI side

    /// Handles one key action on the UI thread and says what the feed must do.
    public func handle(_ action: KeyAction, nowMs: Int64) -> [MonitorPresenter.Command] {
        let (commands, specs) = data.withLock { d -> ([MonitorPresenter.Command], [IndicatorSpec]?) in
            var commands = d.handle(action, nowMs: nowMs)
            // The panes follow the selected symbol: the feed keeps its book and trades only.
            let selected = d.cursor.selected >= 0 && d.cursor.selected < d.boards.count ? d.boards[d.cursor.selected].symbol : nil
            commands += d.flow.follow(selected)
            defer { d.specsChanged = false }
            return (commands, d.specsChanged ? d.specs : nil)
        }
        // Outside the presenter's lock: the store calls the presenter under its own.
        if let specs { store.setSpecs(specs) }
        return commands
    }

    /// The frame's contents. Called on the UI thread once per frame.
    public func snapshot(nowMs: Int64) -> MonitorState {
        // Three short steps, never two locks at once: what to read, the read, the picture.
        let (symbols, selected, interval, specs, frozen, markers) = data.withLock { d in
            (d.boards.symbols, d.cursor.selected >= 0 && d.cursor.selected < d.boards.count ? d.boards[d.cursor.selected].symbol : nil,
             d.interval, d.specs, d.paused && d.frozen != nil, d.storedMarkers)
        }
        let extract = frozen ? SeriesExtract()
            : SeriesExtract(store: store, symbols: symbols, selected: selected, interval: interval, specs: specs)
        // A new series (or older bars) on the chart: its stored signals, read outside the lock.
        var read: [SignalRow]?
        let oldest = extract.candles.first?.openTime
        if !frozen, let selected, let oldest, markers.needsRead(symbol: selected, interval: interval, oldest: oldest),
           let source = markerSource.withLock({ $0 }) {
            read = source(selected, interval, oldest)
        }
        return data.withLock { d in
            if !frozen { d.priceAlerts = extract.priceAlerts }
            if let read, let selected, let oldest { d.storedMarkers.store(read, symbol: selected, interval: interval, since: oldest) }
            return d.snapshot(builder, data: extract, nowMs: nowMs)
        }
    }
}
