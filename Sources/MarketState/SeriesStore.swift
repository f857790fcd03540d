import Foundation
import Indicators
import MarketData
import MarketModel
import Signals

/// The one owner of every series' state: the feed pours its batches in (it is the feed's
/// `FeedSink`), each series folds its updates in place, the rules fire, and then every consumer
/// sees the batch, with the state, in one step. No consumer keeps candles or indicators of its
/// own: the screen, `stream`'s output and the signal history all read what is here.
public final class SeriesStore: FeedSink, Sendable {
    public struct Settings: Sendable {
        public var venue: String
        /// Closed bars kept per series.
        public var capacity: Int
        /// Indicators every series computes (for display); the rules' own come first.
        public var specs: [IndicatorSpec]
        public var rules: [SignalRule]

        public init(venue: String, capacity: Int = 500, specs: [IndicatorSpec] = [], rules: [SignalRule] = []) {
            self.venue = venue
            self.capacity = capacity
            self.specs = specs
            self.rules = rules
        }
    }

    private struct Inner {
        var settings: Settings
        var layout: [IndicatorSpec]
        var series: [SeriesID: SeriesState] = [:]
        /// The last series folded into: updates of one stream come in runs, so most lookups are
        /// this one and need no hashing.
        var last: SeriesState?
        var consumers: [any SeriesConsumer] = []
        var consensus = SignalConsensus()
        var batch = SeriesBatch()
        /// Price alerts waiting to fire, by symbol, oldest first.
        var priceAlerts: [Symbol: [PriceAlert]] = [:]
        /// Book and trades of the symbols whose order flow is watched.
        var flows: [Symbol: SymbolFlow] = [:]
    }

    private let inner: Locked<Inner>
    private let clock: @Sendable () -> Int64

    public init(settings: Settings, clock: @escaping @Sendable () -> Int64 = wallClockMilliseconds) {
        inner = Locked(Inner(settings: settings, layout: Self.layout(settings)))
        self.clock = clock
    }

    private static func layout(_ settings: Settings) -> [IndicatorSpec] {
        var specs = SeriesRules.requiredIndicators(settings.rules)
        for spec in settings.specs where !specs.contains(spec) { specs.append(spec) }
        return specs
    }

    public func add(_ consumer: any SeriesConsumer) {
        inner.withLock { $0.consumers.append(consumer) }
    }

    /// Reads state under the store's lock (from any thread; keep it short).
    public func read<R>(_ body: (SeriesStoreView) -> R) -> R {
        inner.withLock { state in body(SeriesStoreView(series: state.series, settings: state.settings)) }
    }

    /// Changes the displayed indicators of every series, recomputed from the bars kept.
    public func setSpecs(_ specs: [IndicatorSpec]) {
        inner.withLock { state in
            state.settings.specs = specs
            state.layout = Self.layout(state.settings)
            for series in state.series.values { series.rebuild(specs: state.layout) }
        }
    }

    /// Forgets a series (the chart left its interval, the symbol was removed).
    public func drop(_ id: SeriesID) {
        inner.withLock { state in
            state.series.removeValue(forKey: id)
            if state.last?.id == id { state.last = nil }
        }
    }

    public func consensus(for symbols: [Symbol], nowMs: Int64) -> [Symbol: ConsensusLevel] {
        inner.withLock { state in
            var result: [Symbol: ConsensusLevel] = [:]
            for s in symbols { result[s] = state.consensus.consensus(for: s, at: nowMs).level }
            return result
        }
    }

    // MARK: - FeedSink

    public func receive(_ updates: FeedBatch) {
        let now = clock()
        inner.withLock { state in
            state.batch.reset()
            // Candles are folded where they lie in the batch (see `FeedBatch`).
            updates.candles.withUnsafeBufferPointer { candles in
                for index in updates.indices {
                    if let (c, backfilled) = updates.candleIndex(at: index) {
                        let candle = candles.baseAddress! + c
                        Self.fold(candle, backfilled: backfilled, now: now, &state)
                        if !backfilled, !state.priceAlerts.isEmpty { Self.checkPriceAlerts(candle.pointee, now: now, &state) }
                    } else {
                        Self.apply(updates[index], &state)
                    }
                    state.batch.noteUpdate()
                }
            }
            // The feed's own batch, not a copy; let go of it before the feed reuses it.
            state.batch.updates = updates
            defer { state.batch.updates = FeedBatch() }
            // A price alert is the trader's own level, not the market's lean.
            for signal in state.batch.signals where signal.rule != PriceAlert.ruleName { state.consensus.record(signal) }
            let view = SeriesStoreView(series: state.series, settings: state.settings)
            for consumer in state.consumers { consumer.seriesChanged(state.batch, store: view) }
        }
    }

    /// Anything but a candle: order flow and health.
    private static func apply(_ update: StreamUpdate, _ state: inout Inner) {
                switch update {
                case .candle:
                    break
                case .event(let event):
                    if let symbol = event.symbol, state.flows[symbol] != nil { state.flows[symbol]?.apply(event) }
                case .health(let health):
                    // Every reconnect makes the manager rebuild its books from a new snapshot.
                    if health.state != .live {
                        for symbol in Array(state.flows.keys) { state.flows[symbol]?.markResyncing() }
                    }
                }
    }

    // MARK: - Order flow

    /// Starts keeping the book and trades of `symbol` (the feed must be watching them).
    public func watchFlow(_ symbol: Symbol) {
        inner.withLock { state in
            if state.flows[symbol] == nil { state.flows[symbol] = SymbolFlow() }
        }
    }

    public func unwatchFlow(_ symbol: Symbol) {
        inner.withLock { _ = $0.flows.removeValue(forKey: symbol) }
    }

    /// The symbol's book and trades as they stand, nil when not watched.
    public func flow(_ symbol: Symbol) -> SymbolFlow? {
        inner.withLock { $0.flows[symbol] }
    }

    // MARK: - Price alerts

    /// Replaces the alerts waiting to fire (at start-up, from the signal history's database).
    public func setPriceAlerts(_ alerts: [PriceAlert]) {
        inner.withLock { state in
            state.priceAlerts = Dictionary(grouping: alerts, by: \.symbol)
        }
    }

    public func add(_ alert: PriceAlert) {
        inner.withLock { state in
            state.priceAlerts[alert.symbol, default: []].removeAll { $0.id == alert.id }
            state.priceAlerts[alert.symbol, default: []].append(alert)
        }
    }

    public func removePriceAlert(id: UUID) {
        inner.withLock { state in
            for symbol in Array(state.priceAlerts.keys) {
                state.priceAlerts[symbol]?.removeAll { $0.id == id }
                if state.priceAlerts[symbol]?.isEmpty == true { state.priceAlerts[symbol] = nil }
            }
        }
    }

    /// The alerts waiting to fire, oldest first.
    public var priceAlerts: [PriceAlert] {
        inner.withLock { state in
            state.priceAlerts.values.flatMap { $0 }.sorted { ($0.createdMs, $0.id.uuidString) < ($1.createdMs, $1.id.uuidString) }
        }
    }

    /// A live price that reaches an alert fires it, once: its signal joins the batch's signals
    /// (so it is stored, printed and announced like every other) and the alert stops waiting.
    private static func checkPriceAlerts(_ candle: Candle, now: Int64, _ state: inout Inner) {
        guard var waiting = state.priceAlerts[candle.symbol] else { return }
        var fired: [Signal] = []
        waiting.removeAll { alert in
            guard alert.isCrossed(by: candle.close) else { return false }
            fired.append(alert.signal(last: candle.close, interval: candle.interval, time: now))
            return true
        }
        guard !fired.isEmpty else { return }
        state.batch.signals.append(contentsOf: fired)
        state.priceAlerts[candle.symbol] = waiting.isEmpty ? nil : waiting
    }

    /// History loaded at start-up warms the rules up without firing; a bar backfilled after a
    /// reconnect still fires when it is recent.
    private static func fold(_ pointer: UnsafePointer<Candle>, backfilled: Bool, now: Int64, _ state: inout Inner) {
        let series: SeriesState
        let symbol = pointer.pointee.symbol, interval = pointer.pointee.interval
        if let last = state.last, last.id.interval == interval, last.id.symbol == symbol {
            series = last
        } else if let existing = state.series[SeriesID(venue: state.settings.venue, symbol: symbol, interval: interval)] {
            series = existing
            state.last = existing
        } else {
            let id = SeriesID(venue: state.settings.venue, symbol: symbol, interval: interval)
            series = SeriesState(id: id, capacity: state.settings.capacity, specs: state.layout, rules: state.settings.rules)
            state.series[id] = series
            state.last = series
        }
        let emit = !backfilled || now - pointer.pointee.closeTime <= 2 * interval.nominalMilliseconds
        if pointer.pointee.isClosed {
            _ = series.close(pointer.pointee, backfilled: backfilled, emit: emit, into: &state.batch.signals)
        } else {
            _ = series.form(pointer.pointee, eventTime: backfilled ? pointer.pointee.openTime : now, emit: emit,
                            into: &state.batch.signals)
        }
    }
}

/// The store's series as a consumer sees them during a callback or a `read`.
public struct SeriesStoreView {
    let series: [SeriesID: SeriesState]
    let settings: SeriesStore.Settings

    public func state(_ id: SeriesID) -> SeriesState? { series[id] }

    public func state(symbol: Symbol, interval: Interval) -> SeriesState? {
        series[SeriesID(venue: settings.venue, symbol: symbol, interval: interval)]
    }

    public var venue: String { settings.venue }
}

/// One batch from the feed after the store folded it in: the updates in order and the signals
/// each one fired. Its buffers are reused from batch to batch.
public struct SeriesBatch: Sendable {
    public fileprivate(set) var updates = FeedBatch()
    public fileprivate(set) var signals: [Signal] = []
    /// `signalEnds[i]`: the end of update i's signals in `signals` (they start where i-1's end).
    private var signalEnds: [Int] = []

    mutating func reset() {
        signals.removeAll(keepingCapacity: true)
        signalEnds.removeAll(keepingCapacity: true)
    }

    /// Closes the current update's run of signals.
    mutating func noteUpdate() {
        signalEnds.append(signals.count)
    }

    /// The signals update `index` fired.
    public func signals(of index: Int) -> ArraySlice<Signal> {
        let start = index == 0 ? 0 : signalEnds[index - 1]
        return signals[start..<signalEnds[index]]
    }
}

/// A reader of the store: called once per batch, in feed order, under the store's lock, on
/// the feed's thread. It must not block; the view and the batch are valid only during the call.
public protocol SeriesConsumer: AnyObject, Sendable {
    func seriesChanged(_ batch: SeriesBatch, store: SeriesStoreView)
}
