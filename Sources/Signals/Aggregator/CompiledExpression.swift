/// A user rule with its operands bound to slots of the series' indicator values, so that
/// evaluating it reads arrays and allocates nothing.
indirect enum CompiledExpression: Sendable {
    enum Operand: Sendable {
        case number(Double)
        case field(BarField)
        case slot(Int)

        func value(in o: Observation, previous: Bool) -> Double {
            switch self {
            case .number(let x): return x
            case .field(let f): return o.field(f, previous: previous)
            case .slot(let i): return previous ? o.previousValues[i] : o.values[i]
            }
        }
    }

    case compare(Operand, RuleComparison, Operand)
    case crossesAbove(Operand, Operand)
    case crossesBelow(Operand, Operand)
    case and(CompiledExpression, CompiledExpression)
    case or(CompiledExpression, CompiledExpression)
    case not(CompiledExpression)

    /// NaN (a warming indicator, no previous bar) makes a comparison false.
    func holds(in o: Observation) -> Bool {
        switch self {
        case .compare(let a, let op, let b):
            return op.holds(a.value(in: o, previous: false), b.value(in: o, previous: false))
        case .crossesAbove(let a, let b):
            let pa = a.value(in: o, previous: true), pb = b.value(in: o, previous: true)
            return pa <= pb && a.value(in: o, previous: false) > b.value(in: o, previous: false)
        case .crossesBelow(let a, let b):
            let pa = a.value(in: o, previous: true), pb = b.value(in: o, previous: true)
            return pa >= pb && a.value(in: o, previous: false) < b.value(in: o, previous: false)
        case .and(let l, let r):
            return l.holds(in: o) && r.holds(in: o)
        case .or(let l, let r):
            return l.holds(in: o) || r.holds(in: o)
        case .not(let e):
            return !e.holds(in: o)
        }
    }

    init(_ e: RuleExpression, slot: (RuleOperand) -> Operand) {
        switch e {
        case .compare(let a, let op, let b): self = .compare(slot(a), op, slot(b))
        case .crossesAbove(let a, let b): self = .crossesAbove(slot(a), slot(b))
        case .crossesBelow(let a, let b): self = .crossesBelow(slot(a), slot(b))
        case .and(let l, let r): self = .and(CompiledExpression(l, slot: slot), CompiledExpression(r, slot: slot))
        case .or(let l, let r): self = .or(CompiledExpression(l, slot: slot), CompiledExpression(r, slot: slot))
        case .not(let x): self = .not(CompiledExpression(x, slot: slot))
        }
    }
}
