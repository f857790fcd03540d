import Indicators
import MarketModel

/// What a rule detects. Each kind's `hysteresis` unit is given on `SignalRule.hysteresis`.
public enum SignalRuleKind: Sendable, Hashable {
    /// `fast` crossing `slow`; both must be sma/ema/wma.
    case movingAverageCross(fast: IndicatorSpec, slow: IndicatorSpec)
    /// The MACD line crossing its signal line.
    case macdSignalCross(IndicatorSpec)
    /// The MACD line crossing zero.
    case macdZeroCross(IndicatorSpec)
    /// RSI entering and leaving the oversold and overbought zones.
    case rsiZones(IndicatorSpec, oversold: Double, overbought: Double)
    /// The close breaking out of the Bollinger bands, and re-entering them.
    case bollinger(IndicatorSpec)
    /// %K crossing %D while %D is inside the lower (bullish) or upper (bearish) zone.
    case stochasticCross(IndicatorSpec, lower: Double, upper: Double)
    /// The close crossing a fixed price.
    case priceLevel(ExactDecimal)
    /// The close moving more than `percent` % from the close `bars` bars before.
    case percentMove(percent: Double, bars: Int)
    /// Volume more than `factor` times the mean volume of the `bars` closed bars before.
    case volumeSpike(factor: Double, bars: Int)
    /// A user rule written in the indicator syntax; it fires when the condition becomes true.
    case expression(RuleExpression, direction: SignalDirection, strength: Double)

    /// The indicators the rule reads.
    var indicators: [IndicatorSpec] {
        switch self {
        case .movingAverageCross(let f, let s): [f, s]
        case .macdSignalCross(let m), .macdZeroCross(let m): [m]
        case .rsiZones(let r, _, _): [r]
        case .bollinger(let b): [b]
        case .stochasticCross(let s, _, _): [s]
        case .priceLevel, .percentMove, .volumeSpike: []
        case .expression(let e, _, _): e.indicators
        }
    }

    /// The default band; see `SignalRule.hysteresis` for units.
    var defaultHysteresis: Double {
        switch self {
        case .rsiZones: 2
        case .stochasticCross: 0
        case .bollinger: 0.05
        case .priceLevel: 0.0005
        case .percentMove(let p, _): p * 0.2
        case .volumeSpike(let f, _): f * 0.2
        case .movingAverageCross, .macdSignalCross, .macdZeroCross, .expression: 0
        }
    }
}
