import Foundation

/// Human-readable numbers for reasons and tables: a fixed number of decimals at most, trailing
/// zeros removed, never an exponent.
enum Decimals {
    static func format(_ x: Double, maxDecimals: Int) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        var text = String(format: "%.\(maxDecimals)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return text
    }

    /// Values in reasons: two decimals for ordinary magnitudes, more for small prices so that
    /// 0.00001234 does not read as 0.
    static func value(_ x: Double) -> String {
        let magnitude = abs(x)
        if magnitude >= 1 || magnitude == 0 { return format(x, maxDecimals: 2) }
        if magnitude >= 0.01 { return format(x, maxDecimals: 4) }
        return format(x, maxDecimals: 8)
    }
}
