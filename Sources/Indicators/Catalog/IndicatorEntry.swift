/// Everything thebot knows about one indicator apart from its math: the syntax name, the
/// parameters, the outputs and their names, where it is drawn, how its values are written and
/// read, and how to build its study. `IndicatorSpec`, the parser, the CSV tool, the rules and the
/// monitor all read this, so adding an indicator is a study plus one entry in `IndicatorCatalog`.
///
/// A class because an entry is one thing with an identity that every spec points to: a spec
/// then carries one reference instead of a copy of the lists. Every property is an immutable
/// `let` of a `Sendable` type, which makes it safely shareable.
public final class IndicatorEntry: Sendable {
    /// The name in the syntax: `macd` in `macd(12,26,9)`.
    public let name: String
    /// Starts every CSV column of this indicator: `bb` in `bb_upper_20_2_2`.
    public let columnStem: String
    public let parameters: [IndicatorParameter]
    /// In the order the study writes them.
    public let outputs: [IndicatorOutput]
    public let drawing: IndicatorDrawing
    public let valueKind: IndicatorValueKind
    private let make: @Sendable (IndicatorArguments) -> any Indicator

    /// An indicator with several outputs.
    public init(name: String, columnStem: String? = nil, parameters: [IndicatorParameter],
                outputs: [IndicatorOutput], drawing: IndicatorDrawing, valueKind: IndicatorValueKind,
                make: @escaping @Sendable (IndicatorArguments) -> any Indicator) {
        self.name = name
        self.columnStem = columnStem ?? name
        self.parameters = parameters
        self.outputs = outputs
        self.drawing = drawing
        self.valueKind = valueKind
        self.make = make
    }

    /// An indicator with one output, which takes the indicator's name.
    public convenience init(name: String, parameters: [IndicatorParameter], reading: IndicatorReading,
                            drawing: IndicatorDrawing, valueKind: IndicatorValueKind,
                            make: @escaping @Sendable (IndicatorArguments) -> any Indicator) {
        self.init(name: name, parameters: parameters,
                  outputs: [IndicatorOutput(name, bareColumn: true, reading: reading)],
                  drawing: drawing, valueKind: valueKind, make: make)
    }

    /// The spec with every parameter at its default (`rsi` → `rsi(14)`).
    public var defaultSpec: IndicatorSpec {
        IndicatorSpec(entry: self, parameters: parameters.map(\.defaultValue))
    }

    func makeIndicator(_ values: [Double]) -> any Indicator {
        make(IndicatorArguments(values: values))
    }
}

/// A spec's parameter values as a catalog entry's `make` reads them, in the entry's order.
public struct IndicatorArguments: Sendable {
    let values: [Double]

    /// Parameter `index` as a whole number (periods).
    public func whole(_ index: Int) -> Int { Int(values[index]) }

    /// Parameter `index` as written (deviations).
    public func decimal(_ index: Int) -> Double { values[index] }
}
