import Indicators

/// Recursive descent over the characters of a user rule:
///
///     rule       := or
///     or         := and ("or" and)*
///     and        := not ("and" not)*
///     not        := "not" not | "(" or ")" | comparison
///     comparison := operand ("<" | "<=" | ">" | ">=" | "crosses above" | "crosses below") operand
///     operand    := number | open | high | low | close | volume | indicator ["." output]
///
/// Indicators use the one indicator syntax (`rsi(14)`, `macd(12,26,9).signal`), parsed by
/// `IndicatorSpec` itself so the two can never disagree.
struct RuleExpressionParser {
    private let chars: [Character]
    private let rule: String
    private var pos = 0

    private static let keywords: Set<String> = ["and", "or", "not", "crosses", "above", "below"]

    init(text: String, rule: String) {
        chars = Array(text)
        self.rule = rule
    }

    mutating func parse() throws(RuleExpressionError) -> RuleExpression {
        skipSpaces()
        guard pos < chars.count else { throw error("the condition is empty", column: nil) }
        let expression = try parseOr()
        skipSpaces()
        if pos < chars.count {
            throw error("unexpected '\(upcomingToken())' after a complete condition", at: pos)
        }
        return expression
    }

    private mutating func parseOr() throws(RuleExpressionError) -> RuleExpression {
        var left = try parseAnd()
        while matchKeyword("or") {
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(RuleExpressionError) -> RuleExpression {
        var left = try parseNot()
        while matchKeyword("and") {
            left = .and(left, try parseNot())
        }
        return left
    }

    private mutating func parseNot() throws(RuleExpressionError) -> RuleExpression {
        if matchKeyword("not") { return .not(try parseNot()) }
        skipSpaces()
        if pos < chars.count, chars[pos] == "(" {
            let open = pos
            pos += 1
            let inner = try parseOr()
            skipSpaces()
            guard pos < chars.count, chars[pos] == ")" else {
                throw error("the '(' at column \(open + 1) is never closed", column: nil)
            }
            pos += 1
            return inner
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(RuleExpressionError) -> RuleExpression {
        let leftStart = pos
        let left = try parseOperand()
        let leftText = String(chars[leftStart..<pos]).trimmingSpaces
        skipSpaces()
        if matchKeyword("crosses") {
            if matchKeyword("above") { return .crossesAbove(left, try parseOperand()) }
            if matchKeyword("below") { return .crossesBelow(left, try parseOperand()) }
            skipSpaces()
            throw error("'crosses' must be followed by 'above' or 'below'", at: pos)
        }
        let opStart = pos
        let op: RuleComparison
        if matchSymbol("<=") {
            op = .lessOrEqual
        } else if matchSymbol(">=") {
            op = .greaterOrEqual
        } else if matchSymbol("<") {
            op = .less
        } else if matchSymbol(">") {
            op = .greater
        } else if pos < chars.count, chars[pos] == "=" || chars[pos] == "!" {
            throw error("'\(upcomingToken())' is not a comparison; use <, <=, > or >=", at: opStart)
        } else {
            throw error("expected a comparison (<, <=, >, >=, crosses above or crosses below) after '\(leftText)'",
                        at: pos < chars.count ? pos : nil)
        }
        return .compare(left, op, try parseOperand())
    }

    private mutating func parseOperand() throws(RuleExpressionError) -> RuleOperand {
        skipSpaces()
        guard pos < chars.count else {
            throw error("expected a number, a price field or an indicator at the end", column: nil)
        }
        let start = pos
        let c = chars[pos]
        if c.isNumber || c == "-" || c == "+" || c == "." {
            pos += 1
            while pos < chars.count, chars[pos].isNumber || chars[pos] == "." { pos += 1 }
            let text = String(chars[start..<pos])
            guard let value = Double(text), value.isFinite else {
                throw error("'\(text)' is not a number", at: start)
            }
            return .number(value)
        }
        guard c.isLetter else {
            throw error("expected a number, a price field or an indicator, not '\(upcomingToken())'", at: start)
        }
        let word = readWord()
        if Self.keywords.contains(word) {
            throw error("expected a number, a price field or an indicator before '\(word)'", at: start)
        }
        if let field = BarField(rawValue: word) { return .field(field) }

        var specText = word
        var look = pos
        while look < chars.count, chars[look] == " " { look += 1 }
        if look < chars.count, chars[look] == "(" {
            var depth = 0
            var end = look
            while end < chars.count {
                if chars[end] == "(" { depth += 1 }
                if chars[end] == ")" { depth -= 1; if depth == 0 { break } }
                end += 1
            }
            guard end < chars.count else {
                throw error("'\(String(chars[start...]).trimmingSpaces)' is missing its ')'", at: start)
            }
            specText = word + String(chars[look...end])
            pos = end + 1
        }
        let spec: IndicatorSpec
        do {
            spec = try IndicatorSpec(parsing: specText)
        } catch {
            if case .unknownIndicator = error {
                throw self.error("unknown name '\(specText)'; use a number, open, high, low, close, volume or an indicator such as rsi(14)", at: start)
            }
            throw self.error(error.description.sentenceFragment, at: start)
        }
        let outputs = RuleOperand.outputNames(of: spec)
        if pos + 1 < chars.count, chars[pos] == ".", chars[pos + 1].isLetter {
            pos += 1
            let name = readWord()
            guard let outputs else {
                throw error("'\(spec)' has a single output, so '.\(name)' does not apply", at: start)
            }
            guard let index = RuleOperand.outputIndex(of: name, in: spec) else {
                throw error("'\(spec)' has no output '\(name)'; use \(outputs.map { "." + $0 }.joined(separator: ", "))", at: start)
            }
            return .indicator(spec, output: index)
        }
        if let outputs {
            throw error("'\(spec)' has several outputs; write \(spec).\(outputs[0]) or another of \(outputs.map { "." + $0 }.joined(separator: ", "))", at: start)
        }
        return .indicator(spec, output: 0)
    }

    // MARK: - Characters

    private mutating func skipSpaces() {
        while pos < chars.count, chars[pos].isWhitespace { pos += 1 }
    }

    private mutating func readWord() -> String {
        let start = pos
        while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" { pos += 1 }
        return String(chars[start..<pos]).lowercased()
    }

    /// Consumes `keyword` when it stands as a whole word next.
    private mutating func matchKeyword(_ keyword: String) -> Bool {
        skipSpaces()
        let save = pos
        guard pos < chars.count, chars[pos].isLetter else { return false }
        if readWord() == keyword { return true }
        pos = save
        return false
    }

    private mutating func matchSymbol(_ symbol: String) -> Bool {
        let s = Array(symbol)
        guard pos + s.count <= chars.count, Array(chars[pos..<(pos + s.count)]) == s else { return false }
        pos += s.count
        return true
    }

    private func upcomingToken() -> String {
        var end = pos
        while end < chars.count, !chars[end].isWhitespace { end += 1 }
        return String(chars[pos..<max(end, min(pos + 1, chars.count))])
    }

    private func error(_ problem: String, at index: Int?) -> RuleExpressionError {
        RuleExpressionError(rule: rule, column: index.map { $0 + 1 }, problem: problem)
    }

    private func error(_ problem: String, column: Int?) -> RuleExpressionError {
        RuleExpressionError(rule: rule, column: column, problem: problem)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// "Indicator 'x' is bad." → "indicator 'x' is bad", to sit inside another sentence.
    var sentenceFragment: String {
        var s = self
        if s.hasSuffix(".") { s.removeLast() }
        guard let first = s.first else { return s }
        return first.lowercased() + s.dropFirst()
    }
}
