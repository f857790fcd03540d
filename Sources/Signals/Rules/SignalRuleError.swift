import Foundation

/// Why a rule cannot be built; `description` is one sentence naming the rule.
public enum SignalRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyName
    case notAMovingAverage(rule: String, spec: String)
    case wrongIndicator(rule: String, expected: String, got: String)
    case invalidParameter(rule: String, detail: String)
    case expression(RuleExpressionError)

    public var description: String {
        switch self {
        case .emptyName:
            "A signal rule needs a name."
        case .notAMovingAverage(let rule, let spec):
            "Rule '\(rule)': '\(spec)' is not a moving average; use sma, ema or wma."
        case .wrongIndicator(let rule, let expected, let got):
            "Rule '\(rule)' needs a \(expected) indicator, not '\(got)'."
        case .invalidParameter(let rule, let detail):
            "Rule '\(rule)': \(detail)."
        case .expression(let e):
            e.description
        }
    }
}

extension SignalRuleError: LocalizedError {
    public var errorDescription: String? { description }
}
