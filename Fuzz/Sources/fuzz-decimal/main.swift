// ExactDecimal: text is accepted exactly when it is a plain decimal of at most 38 significant
// digits (more only as trailing zero decimals) and 38 decimals, and then prints back in the
// canonical form a string reference computes; the byte writer writes the same; comparison,
// + and - are exact and never trap. Input: two decimals separated by a comma.
import FuzzSupport
import MarketModel

/// The canonical text of a plain decimal, or nil when ExactDecimal must refuse it.
func reference(_ text: Substring) -> String? {
    var body = text
    var negative = false
    if body.first == "-" || body.first == "+" {
        negative = body.first == "-"
        body = body.dropFirst()
    }
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let whole = parts[0], fraction = parts.count > 1 ? parts[1] : ""
    let digits = Set("0123456789")
    guard whole.allSatisfy(digits.contains), fraction.allSatisfy(digits.contains), !(whole.isEmpty && fraction.isEmpty),
          parts.count == 1 || !fraction.isEmpty, fraction.count <= 38 else { return nil }
    // Significant digits: all but the leading zeros; beyond 38 only trailing zero decimals.
    let significant = (whole + fraction).drop { $0 == "0" }
    if significant.count > 38 {
        let extra = significant.dropFirst(38)
        guard extra.allSatisfy({ $0 == "0" }), extra.count <= fraction.count else { return nil }
    }
    var canonicalWhole = String(whole.drop { $0 == "0" })
    if canonicalWhole.isEmpty { canonicalWhole = "0" }
    let canonical = parts.count > 1 ? canonicalWhole + "." + fraction : canonicalWhole
    let isZero = significant.isEmpty
    return negative && !isZero ? "-" + canonical : canonical
}

func written(_ value: ExactDecimal) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: value.maxDigitsCount) { buffer in
        let n = value.writeDigits(to: buffer.baseAddress!)
        return String(decoding: UnsafeBufferPointer(start: buffer.baseAddress, count: n), as: UTF8.self)
    }
}

func check(_ text: Substring) -> ExactDecimal? {
    let value = ExactDecimal(text)
    let expected = reference(text)
    guard value?.description == expected else {
        fail("\"\(text)\" read as \(value.map(\.description) ?? "nil"), expected \(expected ?? "nil")")
    }
    guard let value else { return nil }
    guard written(value) == value.description else { fail("writeDigits \(written(value)) for \(value)") }
    guard value == value.normalized, value.hashValue == value.normalized.hashValue,
          ExactDecimal(value.normalized.description) == value else { fail("\(value) normalized differs") }
    _ = value.doubleValue
    _ = value.formatted(decimals: Int(value.scale) / 2)
    _ = ExactDecimal(rounding: value.doubleValue, scale: value.scale)
    return value
}

runFuzzer { data, size in
    let input = text(data, size)
    let fields = input.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
    let a = check(fields[0])
    guard fields.count == 2, let a, let b = check(fields[1]) else { return 0 }
    let difference = try? a - b
    if let sum = try? a + b {
        // Exact: the sum minus one term is the other, and the order follows the sign.
        guard (try? sum - b) == a else { fail("(\(a) + \(b)) - \(b) != \(a)") }
    }
    if let difference {
        guard (a < b) == difference.isNegative, (a == b) == difference.isZero else {
            fail("\(a) < \(b) is \(a < b), == is \(a == b), but the difference is \(difference)")
        }
        guard (try? difference + b) == a else { fail("(\(a) - \(b)) + \(b) != \(a)") }
    }
    guard (a < b) != (b < a) || a == b else { fail("\(a) and \(b) order both ways") }
    return 0
}
