/// One output of an indicator, under the one name every surface uses: after the dot in a rule
/// (`macd(12,26,9).signal`), after the indicator in the monitor's table (`macd(12,26,9) signal`)
/// and after the column stem in the CSV header (`macd_signal_12_26_9`).
public struct IndicatorOutput: Sendable, Hashable {
    /// How the output is drawn when its indicator has a pane of its own.
    public enum Plot: Sendable, Hashable {
        case line
        /// Bars up and down from zero (MACD's histogram).
        case histogram
    }

    public let name: String
    /// Other spellings rules accept for this output, kept so existing configs keep parsing;
    /// never printed.
    public let alsoAccepted: [String]
    /// The CSV column is the indicator's stem alone (`macd_12_26_9`, not `macd_line_12_26_9`):
    /// true for a single output, and for MACD's line, which the CSV format names after TA-Lib.
    public let bareColumn: Bool
    /// What the value says about the market, read against the close.
    public let reading: IndicatorReading
    public let plot: Plot

    public init(_ name: String, alsoAccepted: [String] = [], bareColumn: Bool = false,
                reading: IndicatorReading, plot: Plot = .line) {
        self.name = name
        self.alsoAccepted = alsoAccepted
        self.bareColumn = bareColumn
        self.reading = reading
        self.plot = plot
    }

    /// Whether a rule's `.name` selects this output (any case, `alsoAccepted` included).
    public func answers(to text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered == name || alsoAccepted.contains(lowered)
    }
}
