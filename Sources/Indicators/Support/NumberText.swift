/// Shortest round-trip decimal text for a `Double`, readable by Python's `float()`.
enum NumberText {
    /// `NaN`, `inf`/`-inf`, integral values without a trailing `.0` (`100`, `0`), otherwise
    /// Swift's shortest round-trip form (`4333.681000000002`, `1e-05`, `1.2e+20`).
    static func format(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return "0" }  // also folds -0
        let text = x.description
        if text.hasSuffix(".0") { return String(text.dropLast(2)) }
        return text
    }
}
