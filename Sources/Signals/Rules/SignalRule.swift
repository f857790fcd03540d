import Indicators
import MarketModel

/// A configured rule: what to detect, when to look, and how to keep it quiet.
public struct SignalRule: Sendable, Hashable {
    public let name: String
    public let kind: SignalRuleKind
    public let evaluation: RuleEvaluation
    /// Bars to wait after firing before the same rule may fire again on the same series;
    /// 1 (the default) means at most once per bar.
    public let cooldownBars: Int
    /// The dead band that stops a value hovering at a threshold from flapping. Units:
    /// moving-average cross and price level: a fraction of the slow average / the level;
    /// MACD: MACD units; RSI and stochastic: points; Bollinger: a fraction of the band width;
    /// % move: percentage points; volume spike: multiples of the average. Expressions ignore it.
    public let hysteresis: Double

    public init(name: String, kind: SignalRuleKind, evaluation: RuleEvaluation = .onClose,
                cooldownBars: Int = 1, hysteresis: Double? = nil) throws(SignalRuleError) {
        guard !name.isEmpty else { throw .emptyName }
        self.name = name
        self.kind = kind
        self.evaluation = evaluation
        self.cooldownBars = cooldownBars
        self.hysteresis = hysteresis ?? kind.defaultHysteresis
        try validate()
    }

    /// A user rule from the config file, e.g. `rsi(14) < 30 and close > ema(50)`.
    public static func expression(name: String, _ text: String, direction: SignalDirection = .neutral,
                                  strength: Double = 0.5, evaluation: RuleEvaluation = .onClose,
                                  cooldownBars: Int = 1) throws(SignalRuleError) -> SignalRule {
        let parsed: RuleExpression
        do {
            parsed = try RuleExpression(parsing: text, rule: name)
        } catch {
            throw .expression(error)
        }
        return try SignalRule(name: name, kind: .expression(parsed, direction: direction, strength: strength),
                              evaluation: evaluation, cooldownBars: cooldownBars)
    }

    /// A sensible starting set: the classic crosses and zones on common parameters.
    public static var defaults: [SignalRule] {
        // These literals satisfy `validate()`; a failure here would be a programming error
        // caught by the tests, so the `try?` only keeps the signature non-throwing.
        [
            try? SignalRule(name: "ema-cross", kind: .movingAverageCross(fast: .ema(period: 12), slow: .ema(period: 26))),
            try? SignalRule(name: "macd-cross", kind: .macdSignalCross(.macd(fast: 12, slow: 26, signal: 9))),
            try? SignalRule(name: "macd-zero", kind: .macdZeroCross(.macd(fast: 12, slow: 26, signal: 9))),
            try? SignalRule(name: "rsi", kind: .rsiZones(.rsi(period: 14), oversold: 30, overbought: 70)),
            try? SignalRule(name: "bbands", kind: .bollinger(.bbands(period: 20, up: 2, down: 2))),
            try? SignalRule(name: "stoch", kind: .stochasticCross(.stoch(fastK: 14, slowK: 3, slowD: 3), lower: 20, upper: 80)),
            try? SignalRule(name: "volume-spike", kind: .volumeSpike(factor: 3, bars: 20)),
        ].compactMap { $0 }
    }

    /// The averages a moving-average cross accepts: all three read the close and lag alike.
    private static let movingAverages: Set = [IndicatorCatalog.sma.name, IndicatorCatalog.ema.name, IndicatorCatalog.wma.name]

    private func validate() throws(SignalRuleError) {
        guard cooldownBars >= 1 else {
            throw .invalidParameter(rule: name, detail: "the cooldown must be at least 1 bar, not \(cooldownBars)")
        }
        guard hysteresis >= 0, hysteresis.isFinite else {
            throw .invalidParameter(rule: name, detail: "the hysteresis band must be zero or positive, not \(hysteresis)")
        }
        switch kind {
        case .movingAverageCross(let fast, let slow):
            for spec in [fast, slow] where !Self.movingAverages.contains(spec.name) {
                throw .notAMovingAverage(rule: name, spec: spec.description)
            }
            if fast == slow {
                throw .invalidParameter(rule: name, detail: "the fast and slow averages are the same (\(fast))")
            }
        case .macdSignalCross(let spec), .macdZeroCross(let spec):
            guard spec.entry === IndicatorCatalog.macd else { throw .wrongIndicator(rule: name, expected: "macd", got: spec.description) }
        case .rsiZones(let spec, let low, let high):
            guard spec.entry === IndicatorCatalog.rsi else { throw .wrongIndicator(rule: name, expected: "rsi", got: spec.description) }
            guard 0 < low, low < high, high < 100 else {
                throw .invalidParameter(rule: name, detail: "the oversold level must be below the overbought level, both between 0 and 100")
            }
        case .bollinger(let spec):
            guard spec.entry === IndicatorCatalog.bbands else { throw .wrongIndicator(rule: name, expected: "bbands", got: spec.description) }
        case .stochasticCross(let spec, let low, let high):
            guard spec.entry === IndicatorCatalog.stoch else { throw .wrongIndicator(rule: name, expected: "stoch", got: spec.description) }
            guard 0 < low, low < high, high < 100 else {
                throw .invalidParameter(rule: name, detail: "the lower zone must be below the upper zone, both between 0 and 100")
            }
        case .priceLevel(let level):
            guard !level.isNegative, !level.isZero else {
                throw .invalidParameter(rule: name, detail: "the price level must be positive")
            }
        case .percentMove(let percent, let bars):
            guard percent > 0, bars >= 1, bars <= 10_000 else {
                throw .invalidParameter(rule: name, detail: "the move needs a positive percent and 1 to 10000 bars")
            }
        case .volumeSpike(let factor, let bars):
            guard factor > 1, bars >= 1, bars <= 10_000 else {
                throw .invalidParameter(rule: name, detail: "the spike needs a factor above 1 and 1 to 10000 bars")
            }
        case .expression(_, _, let strength):
            guard (0...1).contains(strength) else {
                throw .invalidParameter(rule: name, detail: "the strength must be between 0 and 1")
            }
        }
    }
}
