import Indicators
import MarketModel

/// What the rules remember about one series, reading the indicator values of whoever owns the
/// series' `IndicatorSet` (the rules keep no indicator set of their own). Buffers are sized
/// once, so a closed bar allocates nothing unless a rule fires.
public struct SeriesRules: Sendable {
    private let compiled: [CompiledRule]
    private let hasIntrabar: Bool
    /// Committed values as they were before the latest closed bar (crosses compare against them).
    private var previousValues: [Double]
    private var lastBar: Bar?
    private var window: BarWindow
    private var states: [RuleState]
    /// Triggers held back by a rule's cooldown (not signals: they were never emitted).
    public private(set) var heldByCooldown = 0

    /// The indicators `rules` read; the owner's set must contain them (anywhere in its layout).
    public static func requiredIndicators(_ rules: [SignalRule]) -> [IndicatorSpec] {
        var specs: [IndicatorSpec] = []
        for rule in rules {
            for spec in rule.kind.indicators where !specs.contains(spec) { specs.append(spec) }
        }
        return specs
    }

    /// `layout` is the owner's indicator set (its slots bind the rules' operands).
    public init(rules: [SignalRule], layout: IndicatorSet) {
        compiled = rules.map { CompiledRule($0, layout: layout) }
        hasIntrabar = rules.contains { $0.evaluation == .intrabar }
        let lookback = compiled.map(\.lookback).max() ?? 1
        window = BarWindow(capacity: max(1, lookback))
        states = Array(repeating: RuleState(), count: compiled.count)
        previousValues = layout.values
    }

    public var isEmpty: Bool { compiled.isEmpty }
    public var wantsPreviews: Bool { hasIntrabar }

    /// Call just before the owner commits a closed bar, with the values it is about to replace.
    public mutating func noteBeforeCommit(_ values: [Double]) {
        for i in values.indices where i < previousValues.count { previousValues[i] = values[i] }
        if previousValues.count != values.count { previousValues = values }
    }

    /// Runs every rule on a committed closed bar. `index` is the bar's position in the series
    /// (cooldowns count bars); `values` the committed values after it.
    public mutating func closed(_ candle: Candle, bar: Bar, index: Int, values: [Double], emit: Bool,
                                into signals: inout [Signal]) {
        window.push(close: bar.close, volume: bar.volume)
        let observation = Observation(bar: bar, values: values, previousBar: lastBar,
                                      previousValues: previousValues, window: window, isForming: false)
        lastBar = bar
        for r in compiled.indices {
            guard let trigger = RuleDetector.evaluate(compiled[r], state: &states[r], observation) else { continue }
            if index - states[r].lastFiredBar >= compiled[r].rule.cooldownBars {
                states[r].lastFiredBar = index
                if emit { signals.append(signal(compiled[r], trigger, candle, time: candle.closeTime)) }
            } else {
                heldByCooldown += 1
            }
        }
    }

    /// Runs the intrabar rules on the forming bar's preview; committed state is kept.
    public mutating func previewed(_ candle: Candle, bar: Bar, index: Int, preview: [Double], committed: [Double],
                                   time: Int64, emit: Bool, into signals: inout [Signal]) {
        guard hasIntrabar else { return }
        let observation = Observation(bar: bar, values: preview, previousBar: lastBar,
                                      previousValues: committed, window: window, isForming: true)
        for r in compiled.indices where compiled[r].rule.evaluation == .intrabar {
            var scratch = states[r]
            guard let trigger = RuleDetector.evaluate(compiled[r], state: &scratch, observation) else { continue }
            if index - states[r].lastFiredBar >= compiled[r].rule.cooldownBars {
                states[r].lastFiredBar = index
                if emit { signals.append(signal(compiled[r], trigger, candle, time: time)) }
            } else {
                heldByCooldown += 1
            }
        }
    }

    private func signal(_ rule: CompiledRule, _ trigger: Trigger, _ candle: Candle, time: Int64) -> Signal {
        Signal(time: time, symbol: candle.symbol, interval: candle.interval, rule: rule.rule.name,
               direction: trigger.direction, strength: trigger.strength, price: candle.close, reason: trigger.reason)
    }
}
