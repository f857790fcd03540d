import Indicators

/// A price or OHLCV field a user rule can read.
public enum BarField: String, Sendable, Hashable, CaseIterable {
    case open, high, low, close, volume
}

/// A value in a user rule: a number, a bar field or one output of an indicator.
public enum RuleOperand: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case field(BarField)
    /// `output` indexes `spec.outputs` and `spec.columnNames` (0 for single-output indicators).
    case indicator(IndicatorSpec, output: Int)

    public var description: String {
        switch self {
        case .number(let x): return Self.exactText(x)
        case .field(let f): return f.rawValue
        case .indicator(let spec, let output): return spec.operand(output: output)
        }
    }

    /// The number as plain decimals that read back to the same value: eight decimals when they
    /// do (every threshold a trader writes), more when a value needs them.
    static func exactText(_ x: Double) -> String {
        for decimals in [8, 12, 17, 24, 340] {
            let text = Decimals.format(x, maxDecimals: decimals)
            if Double(text) == x { return text }
        }
        return Decimals.format(x, maxDecimals: 340)
    }

    /// Output names usable after the dot (the catalog's, shared with the CSV columns and the
    /// monitor's table), nil for single-output indicators.
    static func outputNames(of spec: IndicatorSpec) -> [String]? {
        spec.outputs.count > 1 ? spec.outputs.map(\.name) : nil
    }

    /// The index of the output `name` selects, its other accepted spellings included.
    static func outputIndex(of name: String, in spec: IndicatorSpec) -> Int? {
        spec.outputIndex(named: name)
    }
}

public enum RuleComparison: String, Sendable, Hashable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        }
    }
}

/// A parsed user rule. `description` prints it back in canonical form.
public indirect enum RuleExpression: Sendable, Hashable, CustomStringConvertible {
    case compare(RuleOperand, RuleComparison, RuleOperand)
    /// `a crosses above b`: a was at or below b on the previous closed bar and is above now.
    case crossesAbove(RuleOperand, RuleOperand)
    case crossesBelow(RuleOperand, RuleOperand)
    case and(RuleExpression, RuleExpression)
    case or(RuleExpression, RuleExpression)
    case not(RuleExpression)

    /// Parses `text`; errors name `rule` and what is wrong in one sentence.
    public init(parsing text: String, rule: String) throws(RuleExpressionError) {
        var parser = RuleExpressionParser(text: text, rule: rule)
        self = try parser.parse()
    }

    public var description: String {
        switch self {
        case .compare(let a, let op, let b): "\(a) \(op.rawValue) \(b)"
        case .crossesAbove(let a, let b): "\(a) crosses above \(b)"
        case .crossesBelow(let a, let b): "\(a) crosses below \(b)"
        case .and(let l, let r): "\(l.grouped(inside: .and)) and \(r.grouped(inside: .rightOfAnd))"
        case .or(let l, let r): "\(l) or \(r.grouped(inside: .rightOfOr))"
        case .not(let e): "not \(e.grouped(inside: .not))"
        }
    }

    /// Where a sub-expression is printed. `and` and `or` group from the left, so a chain on
    /// the right keeps its parentheses: `a and (b and c)` prints back as itself, not as
    /// `a and b and c`, which reads as `(a and b) and c`.
    private enum Context { case and, rightOfAnd, rightOfOr, not }

    private func grouped(inside context: Context) -> String {
        switch (self, context) {
        case (.or, _), (.and, .not), (.and, .rightOfAnd): "(\(self))"
        default: description
        }
    }

    /// Every operand, left to right, each once.
    var operands: [RuleOperand] {
        var out: [RuleOperand] = []
        collectOperands(into: &out)
        return out
    }

    private func collectOperands(into out: inout [RuleOperand]) {
        switch self {
        case .compare(let a, _, let b), .crossesAbove(let a, let b), .crossesBelow(let a, let b):
            if !out.contains(a) { out.append(a) }
            if !out.contains(b) { out.append(b) }
        case .and(let l, let r), .or(let l, let r):
            l.collectOperands(into: &out)
            r.collectOperands(into: &out)
        case .not(let e):
            e.collectOperands(into: &out)
        }
    }

    var indicators: [IndicatorSpec] {
        var specs: [IndicatorSpec] = []
        for case .indicator(let spec, _) in operands where !specs.contains(spec) { specs.append(spec) }
        return specs
    }
}
