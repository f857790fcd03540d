/// Where the monitor draws an indicator.
public enum IndicatorDrawing: Sendable, Hashable {
    /// A line over the candles; the values are prices (moving averages, VWAP).
    case overlay
    /// A band over the candles from three outputs in the order upper, middle, lower.
    case band
    /// A pane of its own under the chart.
    case pane(IndicatorPaneScale)
    /// Only in the indicator table.
    case tableOnly
}

/// The vertical scale of an indicator's own pane.
public enum IndicatorPaneScale: Sendable, Hashable {
    /// A fixed range with guide lines, for bounded oscillators (RSI: 0–100, guides at 30 and 70).
    case fixed(low: Double, high: Double, guides: [Double])
    /// Scaled to the largest value on screen either side of a zero line (MACD).
    case fitted
}

/// How a value is written in the table.
public enum IndicatorValueKind: Sendable, Hashable {
    /// In the instrument's price unit, at the instrument's price precision.
    case price
    /// A volume total, abbreviated (`1.23M`).
    case volume
    /// A score or percentage, with two decimals.
    case number
}
