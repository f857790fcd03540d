import MarketModel

/// The `--since` argument of `thebot history`: `2026-11-24` (midnight UTC), an ISO date-time
/// (`2026-11-24T10:15`, `…:30`, `…:30.250`, with `Z` or `±HH:MM`; UTC when no zone is given),
/// epoch milliseconds (`1795000000000`), or a time ago (`90s`, `15m`, `2h`, `3d`, `1w`).
public enum HistoryTime {
    public static func parse(_ raw: String, now: Int64) -> Int64? {
        let text = raw.trimmingSpaces
        guard !text.isEmpty else { return nil }
        if let relative = relative(text, now: now) { return relative }
        if text.allSatisfy(\.isASCIIDigit), text.count <= 16 { return Int64(text) }
        return isoDateTime(Array(text.utf8))
    }

    private static func relative(_ text: String, now: Int64) -> Int64? {
        guard let unit = text.last, let count = Int64(text.dropLast()), count >= 0 else { return nil }
        let ms: Int64
        switch unit {
        case "s": ms = 1000
        case "m": ms = 60_000
        case "h": ms = 3_600_000
        case "d": ms = 86_400_000
        case "w": ms = 7 * 86_400_000
        default: return nil
        }
        let (product, overflow) = count.multipliedReportingOverflow(by: ms)
        return overflow ? nil : now - product
    }

    private static func isoDateTime(_ b: [UInt8]) -> Int64? {
        var i = 0
        func number(_ width: Int) -> Int64? {
            guard i + width <= b.count else { return nil }
            var n: Int64 = 0
            for k in i..<(i + width) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                n = n * 10 + Int64(b[k] - 48)
            }
            i += width
            return n
        }
        func take(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue else { return false }
            i += 1
            return true
        }
        guard let year = number(4), take("-"), let month = number(2), take("-"), let day = number(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = CivilDate.toDays(year: year, month: month, day: day)
        // Reject 2026-02-30 and the like: the date must map back to itself.
        guard CivilDate.fromDays(days) == (year, month, day) else { return nil }
        var ms = days * 86_400_000
        if i == b.count { return ms }
        guard take("T") || take(" ") || take("t"), let hour = number(2), take(":"), let minute = number(2),
              hour < 24, minute < 60 else { return nil }
        ms += (hour * 60 + minute) * 60_000
        if take(":") {
            guard let second = number(2), second < 60 else { return nil }
            ms += second * 1000
            if take(".") {
                var digits = 0
                var fraction: Int64 = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    if digits < 3 { fraction = fraction * 10 + Int64(b[i] - 48) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                for _ in min(digits, 3)..<3 { fraction *= 10 }
                ms += fraction
            }
        }
        if i == b.count || take("Z") || take("z") {
            return i == b.count ? ms : nil
        }
        let sign: Int64
        if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
        guard let offsetHours = number(2) else { return nil }
        _ = take(":")
        guard let offsetMinutes = number(2), i == b.count, offsetHours < 24, offsetMinutes < 60 else { return nil }
        return ms - sign * (offsetHours * 60 + offsetMinutes) * 60_000
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
