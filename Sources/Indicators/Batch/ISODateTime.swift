/// ISO 8601 dates for the CSV `date` column, to epoch milliseconds UTC, without
/// `DateFormatter` (locale- and time-zone-free, and fast).
///
/// Accepts `2021-01-12`, `2021-01-12 03:00`, `2021-01-12T03:00:00`, `…:00.250`, each optionally
/// followed by `Z`, `+HH:MM`, `-HH:MM` or `+HHMM`. A date without a time is midnight UTC.
enum ISODateTime {
    static func epochMilliseconds(_ text: String) -> Int64? {
        var p = Scanner(bytes: Array(text.utf8))
        guard let year = p.digits(4), p.take(UInt8(ascii: "-")),
              let month = p.digits(2), p.take(UInt8(ascii: "-")),
              let day = p.digits(2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        var millisOfDay: Int64 = 0
        if p.take(UInt8(ascii: "T")) || p.take(UInt8(ascii: " ")) {
            guard let hour = p.digits(2), p.take(UInt8(ascii: ":")), let minute = p.digits(2),
                  hour < 24, minute < 60 else { return nil }
            var second: Int64 = 0
            var fraction: Int64 = 0
            if p.take(UInt8(ascii: ":")) {
                guard let s = p.digits(2), s < 60 else { return nil }
                second = s
                if p.take(UInt8(ascii: ".")) {
                    guard let (value, count) = p.fraction() else { return nil }
                    fraction = value
                    for _ in count..<3 { fraction *= 10 }
                }
            }
            millisOfDay = ((hour * 60 + minute) * 60 + second) * 1000 + fraction
            if p.take(UInt8(ascii: "Z")) {
                // UTC already.
            } else if let sign = p.sign() {
                guard let oh = p.digits(2) else { return nil }
                _ = p.take(UInt8(ascii: ":"))
                guard let om = p.digits(2), oh < 24, om < 60 else { return nil }
                millisOfDay -= sign * (oh * 60 + om) * 60_000
            }
        }
        guard p.atEnd else { return nil }
        return daysFromCivil(year: year, month: month, day: day) * 86_400_000 + millisOfDay
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0

        var atEnd: Bool { i == bytes.count }

        mutating func take(_ b: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
            return true
        }

        mutating func digits(_ count: Int) -> Int64? {
            guard i + count <= bytes.count else { return nil }
            var v: Int64 = 0
            for k in i..<(i + count) {
                let b = bytes[k]
                guard b >= 48, b <= 57 else { return nil }
                v = v * 10 + Int64(b - 48)
            }
            i += count
            return v
        }

        /// Fractional seconds, truncated to milliseconds: (value, digits used, at most 3).
        mutating func fraction() -> (Int64, Int)? {
            var v: Int64 = 0
            var used = 0
            let start = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                if used < 3 {
                    v = v * 10 + Int64(bytes[i] - 48)
                    used += 1
                }
                i += 1
            }
            return i > start ? (v, used) : nil
        }

        mutating func sign() -> Int64? {
            if take(UInt8(ascii: "+")) { return 1 }
            if take(UInt8(ascii: "-")) { return -1 }
            return nil
        }
    }
}
