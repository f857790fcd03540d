// The rule language (`rsi(14) < 30 and close > ema(50)`): any text gives a rule or an error;
// a rule prints a canonical form that parses back to an equal rule.
import FuzzSupport
import Signals

runFuzzer { data, size in
    let source = text(data, size)
    guard let expression = try? RuleExpression(parsing: source, rule: "fuzz") else { return 0 }
    guard let again = try? RuleExpression(parsing: expression.description, rule: "fuzz"), again == expression else {
        fail("\(expression) does not parse back to itself (from \(source))")
    }
    _ = try? SignalRule.expression(name: "fuzz", source)
    return 0
}
