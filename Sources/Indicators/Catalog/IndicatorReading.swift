/// What one indicator value says about the market: the monitor colours its table row by it.
public enum IndicatorStance: Sendable, Hashable {
    case bullish, bearish, neutral
}

/// How an output's value reads, given the value and the last close.
public enum IndicatorReading: Sendable, Hashable {
    /// Below `oversold` reads bullish, above `overbought` bearish (RSI 30/70, %R -80/-20).
    case zones(oversold: Double, overbought: Double)
    /// Above zero bullish, below bearish (MACD, rate of change).
    case sign
    /// The close above the value reads bullish, below it bearish (averages, VWAP, the middle band).
    case closeAbove
    /// Only a close above the value says something: stretched, so bearish (the upper band).
    case bearishWhenCloseAbove
    /// Only a close below the value says something: stretched, so bullish (the lower band).
    case bullishWhenCloseBelow
    /// Strength or volatility with no direction (ADX, ATR, OBV).
    case none

    /// The stance for `value` with the last close `close` (NaN when there is none yet; the
    /// readings against the close are then neutral).
    public func stance(value: Double, close: Double) -> IndicatorStance {
        guard value.isFinite else { return .neutral }
        switch self {
        case .zones(let oversold, let overbought):
            return value < oversold ? .bullish : value > overbought ? .bearish : .neutral
        case .sign:
            return value > 0 ? .bullish : value < 0 ? .bearish : .neutral
        case .closeAbove:
            guard close.isFinite else { return .neutral }
            return close > value ? .bullish : close < value ? .bearish : .neutral
        case .bearishWhenCloseAbove:
            return close.isFinite && close > value ? .bearish : .neutral
        case .bullishWhenCloseBelow:
            return close.isFinite && close < value ? .bullish : .neutral
        case .none:
            return .neutral
        }
    }
}
