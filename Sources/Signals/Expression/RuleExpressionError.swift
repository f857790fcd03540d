import Foundation

/// Why a user rule did not parse: one sentence naming the rule, the place and the problem.
public struct RuleExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let rule: String
    /// 1-based column in the rule text, nil when the problem is the whole text.
    public let column: Int?
    public let problem: String

    public var description: String {
        if let column {
            return "Rule '\(rule)': \(problem) at column \(column)."
        }
        return "Rule '\(rule)': \(problem)."
    }
}

extension RuleExpressionError: LocalizedError {
    public var errorDescription: String? { description }
}
