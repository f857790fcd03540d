/// The grammar behind `IndicatorSpec(parsing:)` and `IndicatorSpec.parseList(_:)`.
enum IndicatorSpecParser {
    private enum Kind {
        case period(min: Int)
        case deviations
    }

    private struct Parameter {
        let name: String
        let kind: Kind
        let defaultValue: Double
    }

    private struct Form {
        let parameters: [Parameter]
        let make: @Sendable ([Double]) -> IndicatorSpec
    }

    /// TA-Lib rejects periods above this; it also keeps ring buffers a sane size.
    static let maximumPeriod = 100_000

    private static func single(_ minimum: Int, _ defaultValue: Double,
                               _ make: @escaping @Sendable (Int) -> IndicatorSpec) -> Form {
        Form(parameters: [Parameter(name: "period", kind: .period(min: minimum), defaultValue: defaultValue)],
             make: { make(Int($0[0])) })
    }

    // Minimums are TA-Lib's own: below them TA-Lib returns an error, so no reference exists.
    private static let forms: [String: Form] = [
        "sma": single(2, 20) { .sma(period: $0) },
        "ema": single(2, 12) { .ema(period: $0) },
        "wma": single(2, 10) { .wma(period: $0) },
        "rsi": single(2, 14) { .rsi(period: $0) },
        "roc": single(1, 10) { .roc(period: $0) },
        "atr": single(1, 14) { .atr(period: $0) },
        "adx": single(2, 14) { .adx(period: $0) },
        "cci": single(2, 20) { .cci(period: $0) },
        "willr": single(2, 14) { .willr(period: $0) },
        "mfi": single(2, 14) { .mfi(period: $0) },
        "macd": Form(parameters: [
            Parameter(name: "fast period", kind: .period(min: 2), defaultValue: 12),
            Parameter(name: "slow period", kind: .period(min: 2), defaultValue: 26),
            Parameter(name: "signal period", kind: .period(min: 1), defaultValue: 9),
        ], make: { .macd(fast: Int($0[0]), slow: Int($0[1]), signal: Int($0[2])) }),
        "bbands": Form(parameters: [
            Parameter(name: "period", kind: .period(min: 2), defaultValue: 20),
            Parameter(name: "upper deviations", kind: .deviations, defaultValue: 2),
            Parameter(name: "lower deviations", kind: .deviations, defaultValue: 2),
        ], make: { .bbands(period: Int($0[0]), up: $0[1], down: $0[2]) }),
        "stoch": Form(parameters: [
            Parameter(name: "%K period", kind: .period(min: 1), defaultValue: 14),
            Parameter(name: "%K smoothing", kind: .period(min: 1), defaultValue: 3),
            Parameter(name: "%D smoothing", kind: .period(min: 1), defaultValue: 3),
        ], make: { .stoch(fastK: Int($0[0]), slowK: Int($0[1]), slowD: Int($0[2])) }),
        "obv": Form(parameters: [], make: { _ in .obv }),
        "vwap": Form(parameters: [], make: { _ in .vwap }),
        "svwap": Form(parameters: [], make: { _ in .sessionVWAP }),
    ]

    static let knownNames = ["sma", "ema", "wma", "rsi", "roc", "macd", "bbands", "atr", "adx",
                             "cci", "willr", "mfi", "stoch", "obv", "vwap", "svwap"]

    static func parseList(_ text: String) throws(IndicatorSpecError) -> [IndicatorSpec] {
        let trimmed = text.trimmedSpaces
        guard !trimmed.isEmpty else { throw .emptyList }
        var items: [String] = []
        var current = ""
        var depth = 0
        for ch in trimmed {
            switch ch {
            case "(":
                depth += 1
            case ")":
                depth -= 1
                if depth < 0 { throw .unbalancedParentheses(item: (current + ")").trimmedSpaces) }
            case "," where depth == 0:
                items.append(current)
                current = ""
                continue
            default:
                break
            }
            current.append(ch)
        }
        if depth != 0 { throw .unbalancedParentheses(item: current.trimmedSpaces) }
        items.append(current)

        var specs: [IndicatorSpec] = []
        var seen = Set<IndicatorSpec>()
        for item in items {
            guard !item.trimmedSpaces.isEmpty else { throw .emptyItem(list: trimmed) }
            let spec = try parseItem(item)
            guard seen.insert(spec).inserted else { throw .duplicate(item: item.trimmedSpaces) }
            specs.append(spec)
        }
        return specs
    }

    static func parseItem(_ raw: String) throws(IndicatorSpecError) -> IndicatorSpec {
        let item = raw.trimmedSpaces
        guard !item.isEmpty else { throw .emptyList }
        let opens = item.count { $0 == "(" }
        let closes = item.count { $0 == ")" }
        guard opens == closes else { throw .unbalancedParentheses(item: item) }
        guard opens <= 1 else { throw .malformed(item: item) }

        let name: String
        var arguments: [String] = []
        if let open = item.firstIndex(of: "(") {
            guard let close = item.lastIndex(of: ")"), open < close else {
                throw .unbalancedParentheses(item: item)
            }
            guard item.index(after: close) == item.endIndex else { throw .malformed(item: item) }
            name = String(item[..<open]).trimmedSpaces.lowercased()
            let inside = String(item[item.index(after: open)..<close]).trimmedSpaces
            if !inside.isEmpty {
                arguments = inside.split(separator: ",", omittingEmptySubsequences: false)
                    .map { String($0).trimmedSpaces }
            }
        } else {
            name = item.lowercased()
        }
        guard !name.isEmpty, name.allSatisfy(\.isLetter) else { throw .malformed(item: item) }
        guard let form = forms[name] else { throw .unknownIndicator(item: item) }

        let parameters = form.parameters
        if arguments.isEmpty {
            return form.make(parameters.map(\.defaultValue))
        }
        guard arguments.count == parameters.count else {
            throw .wrongParameterCount(item: item, expected: expectation(name, parameters), got: arguments.count)
        }
        var values: [Double] = []
        for (text, parameter) in zip(arguments, parameters) {
            values.append(try value(text, for: parameter, in: item))
        }
        return form.make(values)
    }

    private static func expectation(_ name: String, _ parameters: [Parameter]) -> String {
        switch parameters.count {
        case 0: return "no parameters"
        case 1: return "1 parameter (\(parameters[0].name))"
        default: return "\(parameters.count) parameters (\(parameters.map(\.name).joined(separator: ", ")))"
        }
    }

    private static func value(_ text: String, for parameter: Parameter, in item: String) throws(IndicatorSpecError) -> Double {
        switch parameter.kind {
        case .period(let minimum):
            guard let n = Int(text) else {
                if let d = Double(text), d.isFinite {
                    throw .notAWholeNumber(item: item, parameter: parameter.name, text: text)
                }
                throw .notANumber(item: item, parameter: parameter.name, text: text)
            }
            guard n >= minimum, n <= maximumPeriod else {
                throw .outOfRange(item: item, parameter: parameter.name, minimum: minimum,
                                  maximum: maximumPeriod, got: text)
            }
            return Double(n)
        case .deviations:
            guard let d = Double(text), d.isFinite else {
                throw .notANumber(item: item, parameter: parameter.name, text: text)
            }
            return d
        }
    }
}

extension String {
    var trimmedSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
