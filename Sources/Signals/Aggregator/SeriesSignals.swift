import Indicators
import MarketModel

/// Everything the rules remember about one (symbol, interval) series. All buffers are sized
/// when the series is first seen, so later updates only overwrite them.
struct SeriesSignals: Sendable {
    var indicators: IndicatorSet
    /// Committed values as they were before the latest closed bar (crosses compare against them).
    private var previousValues: [Double]
    private var previewValues: [Double]
    private var lastBar: Bar?
    private(set) var lastClosedOpenTime = Int64.min
    private var window: BarWindow
    private var states: [RuleState]

    init(specs: [IndicatorSpec], ruleCount: Int, lookback: Int) {
        indicators = IndicatorSet(specs: specs)
        previousValues = indicators.values
        previewValues = indicators.values
        window = BarWindow(capacity: lookback)
        states = Array(repeating: RuleState(), count: ruleCount)
    }

    /// Closed bars folded in so far; the index the forming bar will get.
    var barIndex: Int { indicators.barCount }

    /// Commits a closed bar and runs every rule on it. Returns how many triggers the cooldown held.
    mutating func close(_ bar: Bar, rules: [CompiledRule], fire: (Int, Trigger) -> Void) -> Int {
        // Copied in a call of its own so no reference to `values` is alive at `commit`, which
        // would otherwise copy the whole array on write.
        SeriesSignals.copy(indicators.values, into: &previousValues)
        let index = indicators.barCount
        indicators.commit(bar)
        window.push(close: bar.close, volume: bar.volume)
        let observation = Observation(bar: bar, values: indicators.values, previousBar: lastBar,
                                      previousValues: previousValues, window: window, isForming: false)
        lastBar = bar
        lastClosedOpenTime = bar.openTime
        var held = 0
        for r in rules.indices {
            guard let trigger = RuleDetector.evaluate(rules[r], state: &states[r], observation) else { continue }
            if index - states[r].lastFiredBar >= rules[r].rule.cooldownBars {
                states[r].lastFiredBar = index
                fire(r, trigger)
            } else {
                held += 1
            }
        }
        return held
    }

    private static func copy(_ source: [Double], into target: inout [Double]) {
        for i in source.indices { target[i] = source[i] }
    }

    /// Evaluates the intrabar rules on a preview of the forming bar; committed state is kept.
    mutating func preview(_ bar: Bar, rules: [CompiledRule], fire: (Int, Trigger) -> Void) -> Int {
        indicators.preview(bar, into: &previewValues)
        let observation = Observation(bar: bar, values: previewValues, previousBar: lastBar,
                                      previousValues: indicators.values, window: window, isForming: true)
        let index = indicators.barCount
        var held = 0
        for r in rules.indices where rules[r].rule.evaluation == .intrabar {
            var scratch = states[r]
            guard let trigger = RuleDetector.evaluate(rules[r], state: &scratch, observation) else { continue }
            if index - states[r].lastFiredBar >= rules[r].rule.cooldownBars {
                states[r].lastFiredBar = index
                fire(r, trigger)
            } else {
                held += 1
            }
        }
        return held
    }
}

extension Bar {
    /// The indicators' view of an exchange candle.
    public init(_ candle: Candle) {
        self.init(openTime: candle.openTime, open: candle.open.doubleValue, high: candle.high.doubleValue,
                  low: candle.low.doubleValue, close: candle.close.doubleValue, volume: candle.volume.doubleValue)
    }
}
