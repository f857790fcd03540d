/// Why an indicator list or item did not parse; `description` is one sentence naming the item.
public enum IndicatorSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyList
    case emptyItem(list: String)
    case unbalancedParentheses(item: String)
    case malformed(item: String)
    case unknownIndicator(item: String)
    case wrongParameterCount(item: String, expected: String, got: Int)
    case notANumber(item: String, parameter: String, text: String)
    case notAWholeNumber(item: String, parameter: String, text: String)
    case outOfRange(item: String, parameter: String, minimum: Int, maximum: Int, got: String)
    case duplicate(item: String)

    public var description: String {
        switch self {
        case .emptyList:
            "The indicator list is empty; give at least one indicator such as sma(20)."
        case .emptyItem(let list):
            "The indicator list '\(list)' has an empty item between commas."
        case .unbalancedParentheses(let item):
            "Indicator '\(item)' has unbalanced parentheses."
        case .malformed(let item):
            "Indicator '\(item)' is not of the form name or name(parameters) such as rsi or macd(12,26,9)."
        case .unknownIndicator(let item):
            "Unknown indicator '\(item)'; known: \(IndicatorSpecParser.knownNames.joined(separator: ", "))."
        case .wrongParameterCount(let item, let expected, let got):
            "Indicator '\(item)' takes \(expected), but \(got) \(got == 1 ? "was" : "were") given."
        case .notANumber(let item, let parameter, let text):
            "Indicator '\(item)': \(parameter) '\(text)' is not a number."
        case .notAWholeNumber(let item, let parameter, let text):
            "Indicator '\(item)': \(parameter) must be a whole number, not '\(text)'."
        case .outOfRange(let item, let parameter, let minimum, let maximum, let got):
            "Indicator '\(item)': \(parameter) must be \(IndicatorParameter.rangeClause(minimum, maximum)), not \(got)."
        case .duplicate(let item):
            "Indicator '\(item)' is listed more than once."
        }
    }
}
