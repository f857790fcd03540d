import MarketModel

/// Number and time formatting for the display. Hand-written rather than Foundation formatters:
/// these run for every visible number on every frame, and they must not depend on the locale.
public enum Formatting {
    /// "12:34:56" for an epoch-ms time, UTC.
    public static func clock(_ ms: Int64) -> String {
        let t = floorMod(ms / 1000, 86_400)
        return two(t / 3600) + ":" + two(t / 60 % 60) + ":" + two(t % 60)
    }

    /// "12:34" UTC.
    public static func hourMinute(_ ms: Int64) -> String {
        let t = floorMod(ms / 1000, 86_400)
        return two(t / 3600) + ":" + two(t / 60 % 60)
    }

    /// "03-14" (month-day) UTC.
    public static func monthDay(_ ms: Int64) -> String {
        let (_, m, d) = CivilDate.fromDays(floorDivide(ms, 86_400_000))
        return two(m) + "-" + two(d)
    }

    /// "2024-03" UTC.
    public static func yearMonth(_ ms: Int64) -> String {
        let (y, m, _) = CivilDate.fromDays(floorDivide(ms, 86_400_000))
        return String(y) + "-" + two(m)
    }

    /// A price at `decimals` with thousands grouped: "64,012.10".
    public static func price(_ value: ExactDecimal, decimals: Int, grouped: Bool = true) -> String {
        let s = value.formatted(decimals: decimals)
        return grouped ? group(s) : s
    }

    /// A Double price at `decimals`, for axis labels computed from the scale.
    public static func price(_ value: Double, decimals: Int, grouped: Bool = false) -> String {
        guard value.isFinite else { return "–" }
        let s = ExactDecimal(rounding: value, scale: UInt8(max(0, min(decimals, 12)))).description
        return grouped ? group(s) : s
    }

    /// "+1.23%" / "-0.40%".
    public static func percent(_ value: Double, decimals: Int = 2) -> String {
        guard value.isFinite else { return "–" }
        let sign = value > 0 ? "+" : (value < 0 ? "-" : " ")
        return sign + fixed(abs(value), decimals: decimals) + "%"
    }

    /// A fixed-point rendering without Foundation: 3.14159 at 2 → "3.14".
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        let d = max(0, min(decimals, 12))
        return ExactDecimal(rounding: value, scale: UInt8(d)).description
    }

    /// Volume abbreviated to about three significant digits: 950, 1.2K, 34.5M, 1.20B.
    public static func abbreviated(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let a = abs(value)
        let sign = value < 0 ? "-" : ""
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
        for (scale, suffix) in units where a >= scale {
            let v = a / scale
            let decimals = v >= 100 ? 0 : (v >= 10 ? 1 : 2)
            return sign + fixed(v, decimals: decimals) + suffix
        }
        return sign + fixed(a, decimals: a >= 100 ? 0 : (a >= 10 ? 1 : 2))
    }

    /// "0.4s", "12s", "3m05s", "2h14m".
    public static func age(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        if seconds < 10 { return fixed(seconds, decimals: 1) + "s" }
        let s = Int(seconds)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + two(Int64(s % 60)) + "s" }
        return "\(s / 3600)h" + two(Int64(s / 60 % 60)) + "m"
    }

    /// "1,234,567.5" from "1234567.5".
    static func group(_ s: String) -> String {
        var body = Substring(s)
        var sign = ""
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = Array(parts[0])
        guard intPart.count > 3 else { return s }
        var out = ""
        for (i, ch) in intPart.enumerated() {
            if i > 0 && (intPart.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        if parts.count > 1 { out += "." + parts[1] }
        return sign + out
    }

    static func two(_ v: Int64) -> String { v < 10 ? "0" + String(v) : String(v) }

    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { ((a % b) + b) % b }
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
