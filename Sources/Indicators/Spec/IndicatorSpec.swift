/// One indicator with its parameters, in the syntax used everywhere (CLI, config, key
/// bindings, headless output, rules): `sma(20)`, `macd(12,26,9)`, `bbands(20,2,2)`, `obv`, …
/// The indicators and their parameters are those of `IndicatorCatalog`.
///
/// `description` is canonical and parses back to an equal spec.
public struct IndicatorSpec: Sendable, Hashable, CustomStringConvertible {
    /// The catalog entry this spec is an instance of.
    public let entry: IndicatorEntry
    /// Aligned with `entry.parameters`.
    public let parameters: [Double]

    init(entry: IndicatorEntry, parameters: [Double]) {
        self.entry = entry
        self.parameters = parameters
    }

    /// The list the CSV tool computes when none is given (the reference files' list).
    public static let defaultListText =
        "sma(20),ema(12),ema(26),wma(10),rsi(14),roc(10),macd(12,26,9),bbands(20,2,2),atr(14),adx(14),cci(20),willr(14),mfi(14),stoch(14,3,3),obv,vwap"

    /// `defaultListText`, parsed.
    public static var defaultList: [IndicatorSpec] {
        // The text is a constant checked by the tests; it cannot fail to parse.
        (try? parseList(defaultListText)) ?? []
    }

    /// Parses one item such as `macd(12,26,9)` or `rsi` (defaults for omitted parameters).
    public init(parsing text: String) throws(IndicatorSpecError) {
        self = try IndicatorSpecParser.parseItem(text)
    }

    /// Parses a comma-separated list, splitting only at commas outside parentheses:
    /// `"sma(20),macd(12,26,9),obv"`. Rejects an empty list and a spec listed twice.
    public static func parseList(_ text: String) throws(IndicatorSpecError) -> [IndicatorSpec] {
        try IndicatorSpecParser.parseList(text)
    }

    public var name: String { entry.name }

    /// Parameters as written in the canonical form (`1.5`, `2`, never `2.0`).
    var parameterTexts: [String] {
        zip(entry.parameters, parameters).map { $0.text($1) }
    }

    public var description: String {
        let p = parameterTexts
        return p.isEmpty ? name : "\(name)(\(p.joined(separator: ",")))"
    }

    public var outputs: [IndicatorOutput] { entry.outputs }

    /// CSV column names, one per output: the stem, the output's name unless the column is bare,
    /// then the parameters, joined by `_`, a decimal point written `p`
    /// (`bbands(10,1.5,2.5)` → `bb_upper_10_1p5_2p5`, `macd(12,26,9)` → `macd_12_26_9`, …).
    public var columnNames: [String] {
        let p = parameterTexts.map { $0.replacingPoint() }
        let suffix = p.isEmpty ? "" : "_" + p.joined(separator: "_")
        return entry.outputs.map { output in
            (output.bareColumn ? entry.columnStem : "\(entry.columnStem)_\(output.name)") + suffix
        }
    }

    /// How a person reads each output in the monitor's table: the spec alone for a single
    /// output, else the spec and the output's name (`macd(12,26,9) signal`).
    public var outputLabels: [String] {
        entry.outputs.count == 1 ? [description] : entry.outputs.map { "\(description) \($0.name)" }
    }

    /// Output `index` as a rule names it: the spec alone for a single output, else the spec,
    /// a dot and the output's name (`macd(12,26,9).signal`).
    public func operand(output index: Int) -> String {
        entry.outputs.count == 1 ? description : "\(description).\(entry.outputs[index].name)"
    }

    /// The index of the output a rule calls `name` (`signal`, `hist`, any case), nil when none is.
    public func outputIndex(named name: String) -> Int? {
        entry.outputs.firstIndex { $0.answers(to: name) }
    }

    /// A fresh, cold indicator for this spec.
    public func makeIndicator() -> any Indicator {
        entry.makeIndicator(parameters)
    }

    // Entries are the catalog's own instances, so the same indicator is the same entry; the
    // hash takes its name, which the catalog holds once (a test says so).
    public static func == (a: IndicatorSpec, b: IndicatorSpec) -> Bool {
        a.entry === b.entry && a.parameters == b.parameters
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entry.name)
        hasher.combine(parameters)
    }
}

extension String {
    fileprivate func replacingPoint() -> String {
        String(map { $0 == "." ? "p" : $0 })
    }
}
