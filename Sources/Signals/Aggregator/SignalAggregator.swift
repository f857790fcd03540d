import Foundation
import Indicators
import MarketModel

/// Turns candle updates into signals: rules, cooldown, hysteresis and the per-symbol consensus.
///
/// Feed it every kline update of every series (`update(_:eventTime:emit:into:)`): a closed
/// candle commits a bar and runs every rule; a forming candle runs the `intrabar` rules on a
/// preview. It owns one `IndicatorSet` per series holding just the indicators its rules read,
/// sized when the series is first seen; afterwards a closed-bar update allocates nothing
/// unless a rule fires (the signal's reason text). Previews go through
/// `IndicatorSet.preview(_:into:)`, which copies the indicators, so they are computed only
/// when an intrabar rule exists.
///
/// A value type with no locks: keep one per isolation domain (e.g. inside the per-symbol
/// actor that owns the candles) and hand the emitted signals to a `SignalRecorder`, which
/// stores them before anything shows them.
public struct SignalAggregator: Sendable {
    public let rules: [SignalRule]
    /// The indicators the rules read, in the order of each series' `IndicatorSet`.
    public let requiredIndicators: [IndicatorSpec]
    public private(set) var consensus: SignalConsensus
    /// Triggers held back by a rule's cooldown (not signals: they were never emitted).
    public private(set) var heldByCooldown = 0
    /// Closed candles ignored because their bar was already committed (replays, reconnects).
    public private(set) var staleCandles = 0

    private let hasIntrabar: Bool
    private var series: [SeriesKey: Series] = [:]

    /// One series off the live path: its own indicator set, read by its rules.
    private struct Series: Sendable {
        var indicators: IndicatorSet
        var rules: SeriesRules
        var preview: [Double]
        var lastClosedOpenTime = Int64.min
    }

    public init(rules: [SignalRule], consensus: ConsensusSettings = ConsensusSettings()) {
        self.rules = rules
        requiredIndicators = SeriesRules.requiredIndicators(rules)
        hasIntrabar = rules.contains { $0.evaluation == .intrabar }
        self.consensus = SignalConsensus(settings: consensus)
    }

    /// Folds one kline update in and appends the signals it fires to `signals`.
    ///
    /// - `eventTime`: the exchange's event time, used as the time of intrabar signals
    ///   (default: the bar's open time). Closed-bar signals carry the bar's close time.
    /// - `emit: false` warms the rules up on history: state advances, nothing is emitted.
    public mutating func update(_ candle: Candle, eventTime: Int64? = nil, emit: Bool = true,
                                into signals: inout [Signal]) {
        let key = SeriesKey(symbol: candle.symbol, interval: candle.interval)
        var index = series.index(forKey: key)
        if index == nil {
            let indicators = IndicatorSet(specs: requiredIndicators)
            series[key] = Series(indicators: indicators, rules: SeriesRules(rules: rules, layout: indicators),
                                 preview: indicators.values)
            index = series.index(forKey: key)
        }
        guard let index else { return }
        guard candle.openTime > series.values[index].lastClosedOpenTime else {
            if candle.isClosed { staleCandles += 1 }
            return
        }
        if !candle.isClosed && !hasIntrabar { return }

        let bar = Bar(candle)
        let first = signals.count
        let held = series.values[index].rules.heldByCooldown
        if candle.isClosed {
            Self.close(&series.values[index], candle, bar, emit: emit, into: &signals)
        } else {
            Self.preview(&series.values[index], candle, bar, time: eventTime ?? candle.openTime, emit: emit, into: &signals)
        }
        heldByCooldown += series.values[index].rules.heldByCooldown - held
        for i in first..<signals.count { consensus.record(signals[i]) }
    }

    private static func close(_ s: inout Series, _ candle: Candle, _ bar: Bar, emit: Bool, into signals: inout [Signal]) {
        s.rules.noteBeforeCommit(s.indicators.values)
        let index = s.indicators.barCount
        s.indicators.commit(bar)
        s.lastClosedOpenTime = candle.openTime
        s.rules.closed(candle, bar: bar, index: index, values: s.indicators.values, emit: emit, into: &signals)
    }

    private static func preview(_ s: inout Series, _ candle: Candle, _ bar: Bar, time: Int64, emit: Bool,
                                into signals: inout [Signal]) {
        s.indicators.preview(bar, into: &s.preview)
        s.rules.previewed(candle, bar: bar, index: s.indicators.barCount, preview: s.preview,
                          committed: s.indicators.values, time: time, emit: emit, into: &signals)
    }

    /// `update(_:eventTime:emit:into:)` returning a fresh array: handy off the hot path.
    public mutating func update(_ candle: Candle, eventTime: Int64? = nil) -> [Signal] {
        var out: [Signal] = []
        update(candle, eventTime: eventTime, into: &out)
        return out
    }

    /// Warms the rules up on closed history without emitting.
    public mutating func warmUp(_ history: some Sequence<Candle>) {
        var none: [Signal] = []
        for candle in history where candle.isClosed { update(candle, emit: false, into: &none) }
    }

    public func consensus(for symbol: Symbol, at now: Int64) -> Consensus {
        consensus.consensus(for: symbol, at: now)
    }

    /// The committed indicator values of a series, for display and tests.
    public func indicators(of key: SeriesKey) -> IndicatorSet? { series[key]?.indicators }
}
