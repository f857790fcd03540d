import Indicators

/// A rule bound to the slot layout of the aggregator's indicator sets (every series uses the
/// same spec list, so one binding serves them all).
struct CompiledRule: Sendable {
    let rule: SignalRule
    /// Slots of the rule's indicator outputs; their meaning depends on the kind (see `init`).
    let a: Int
    let b: Int
    let c: Int
    let expression: CompiledExpression?
    /// For expression reasons: each operand's text and binding.
    let operands: [(text: String, operand: CompiledExpression.Operand)]
    /// Closed bars the rule looks back over (sizes the `BarWindow`).
    let lookback: Int

    init(_ rule: SignalRule, layout: IndicatorSet) {
        self.rule = rule
        func first(_ spec: IndicatorSpec) -> Int { layout.slots(of: spec)?.lowerBound ?? -1 }
        var a = -1, b = -1, c = -1
        var lookback = 0
        var expression: CompiledExpression?
        var operands: [(text: String, operand: CompiledExpression.Operand)] = []
        switch rule.kind {
        case .movingAverageCross(let fast, let slow):
            a = first(fast)
            b = first(slow)
        case .macdSignalCross(let spec), .macdZeroCross(let spec):
            a = first(spec)
            b = a + 1
        case .rsiZones(let spec, _, _):
            a = first(spec)
        case .bollinger(let spec):
            a = first(spec)
            b = a + 1
            c = a + 2
        case .stochasticCross(let spec, _, _):
            a = first(spec)
            b = a + 1
        case .priceLevel:
            break
        case .percentMove(_, let bars):
            lookback = bars + 1
        case .volumeSpike(_, let bars):
            lookback = bars + 1
        case .expression(let e, _, _):
            let bind: (RuleOperand) -> CompiledExpression.Operand = { operand in
                switch operand {
                case .number(let x): .number(x)
                case .field(let f): .field(f)
                case .indicator(let spec, let output): .slot((layout.slots(of: spec)?.lowerBound ?? 0) + output)
                }
            }
            expression = CompiledExpression(e, slot: bind)
            operands = e.operands.compactMap { op in
                if case .number = op { return nil }
                return (text: op.description, operand: bind(op))
            }
            // `crosses` reads the previous bar's fields.
            lookback = 1
        }
        self.a = a
        self.b = b
        self.c = c
        self.expression = expression
        self.operands = operands
        self.lookback = lookback
    }
}
