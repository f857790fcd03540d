/// One parameter of an indicator as the syntax takes it: its name in error sentences, what it
/// accepts and its default.
public struct IndicatorParameter: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A whole number in `range` (periods and smoothings).
        case whole(ClosedRange<Int>)
        /// Any finite decimal (band widths in standard deviations, negative allowed as in TA-Lib).
        case decimal
    }

    /// TA-Lib rejects periods above this; it also keeps ring buffers a sane size.
    public static let maximumPeriod = 100_000

    /// As the error sentences name it: `period`, `slow period`, `%K smoothing`.
    public let name: String
    public let kind: Kind
    /// Used when the item gives no parameters at all (`rsi`, `macd()`).
    public let defaultValue: Double

    public init(name: String, kind: Kind, defaultValue: Double) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
    }

    /// A period from `minimum` to `maximumPeriod`. Minimums are TA-Lib's own: below them TA-Lib
    /// returns an error, so no reference exists to check the value against.
    public static func period(_ name: String = "period", default value: Int, minimum: Int) -> IndicatorParameter {
        IndicatorParameter(name: name, kind: .whole(minimum...maximumPeriod), defaultValue: Double(value))
    }

    public static func decimal(_ name: String, default value: Double) -> IndicatorParameter {
        IndicatorParameter(name: name, kind: .decimal, defaultValue: value)
    }

    /// The clause the parser's range error ends with, so the catalog and the error say the same:
    /// `between 2 and 100000 (TA-Lib's range)`.
    public var acceptedRange: String? {
        guard case .whole(let range) = kind else { return nil }
        return Self.rangeClause(range.lowerBound, range.upperBound)
    }

    static func rangeClause(_ minimum: Int, _ maximum: Int) -> String {
        "between \(minimum) and \(maximum) (TA-Lib's range)"
    }

    /// The default as the canonical form writes it (`14`, `2`).
    public var defaultText: String { text(defaultValue) }

    /// The canonical text of a value: whole numbers without a point, decimals in their
    /// shortest round-trip form (`1.5`, `2`, never `2.0`).
    func text(_ value: Double) -> String {
        switch kind {
        case .whole: String(Int(value))
        case .decimal: NumberText.format(value)
        }
    }

    /// Checks one argument as written in `item`; the error names the item and this parameter.
    func value(of text: String, in item: String) throws(IndicatorSpecError) -> Double {
        switch kind {
        case .whole(let range):
            guard let n = Int(text) else {
                if let d = Double(text), d.isFinite {
                    throw .notAWholeNumber(item: item, parameter: name, text: text)
                }
                throw .notANumber(item: item, parameter: name, text: text)
            }
            guard range.contains(n) else {
                throw .outOfRange(item: item, parameter: name, minimum: range.lowerBound,
                                  maximum: range.upperBound, got: text)
            }
            return Double(n)
        case .decimal:
            guard let d = Double(text), d.isFinite else {
                throw .notANumber(item: item, parameter: name, text: text)
            }
            return d
        }
    }
}
