/// The grammar behind `IndicatorSpec(parsing:)` and `IndicatorSpec.parseList(_:)`.
enum IndicatorSpecParser {
    /// The names the "unknown indicator" sentence lists, in catalog order.
    static var knownNames: [String] { IndicatorCatalog.names }

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
        guard let entry = IndicatorCatalog.entry(named: name) else { throw .unknownIndicator(item: item) }

        let parameters = entry.parameters
        if arguments.isEmpty {
            return IndicatorSpec(entry: entry, parameters: parameters.map(\.defaultValue))
        }
        guard arguments.count == parameters.count else {
            throw .wrongParameterCount(item: item, expected: expectation(parameters), got: arguments.count)
        }
        var values: [Double] = []
        for (text, parameter) in zip(arguments, parameters) {
            values.append(try parameter.value(of: text, in: item))
        }
        return IndicatorSpec(entry: entry, parameters: values)
    }

    private static func expectation(_ parameters: [IndicatorParameter]) -> String {
        switch parameters.count {
        case 0: return "no parameters"
        case 1: return "1 parameter (\(parameters[0].name))"
        default: return "\(parameters.count) parameters (\(parameters.map(\.name).joined(separator: ", ")))"
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
