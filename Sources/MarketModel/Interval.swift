/// Every kline interval Binance serves, with exact open/close arithmetic in epoch milliseconds.
/// Fixed-length intervals align to the Unix epoch (as Binance's do), except the week, which
/// starts on Monday 00:00 UTC, and the month, which is the calendar month.
public enum Interval: String, Sendable, CaseIterable, Hashable, Comparable, Codable, CustomStringConvertible {
    case s1 = "1s"
    case m1 = "1m", m3 = "3m", m5 = "5m", m15 = "15m", m30 = "30m"
    case h1 = "1h", h2 = "2h", h4 = "4h", h6 = "6h", h8 = "8h", h12 = "12h"
    case d1 = "1d", d3 = "3d", w1 = "1w"
    case mo1 = "1M"

    public static let second: Int64 = 1_000
    public static let minute: Int64 = 60_000
    public static let hour: Int64 = 3_600_000
    public static let day: Int64 = 86_400_000
    /// 1970-01-05, the first Monday after the epoch.
    static let firstMonday: Int64 = 4 * day

    public var description: String { rawValue }

    /// The length in ms for every interval but the month, whose length varies (nil).
    public var fixedMilliseconds: Int64? {
        switch self {
        case .s1: return Interval.second
        case .m1: return Interval.minute
        case .m3: return 3 * Interval.minute
        case .m5: return 5 * Interval.minute
        case .m15: return 15 * Interval.minute
        case .m30: return 30 * Interval.minute
        case .h1: return Interval.hour
        case .h2: return 2 * Interval.hour
        case .h4: return 4 * Interval.hour
        case .h6: return 6 * Interval.hour
        case .h8: return 8 * Interval.hour
        case .h12: return 12 * Interval.hour
        case .d1: return Interval.day
        case .d3: return 3 * Interval.day
        case .w1: return 7 * Interval.day
        case .mo1: return nil
        }
    }

    /// A nominal length for sizing and pacing (a month counts as 30 days).
    public var nominalMilliseconds: Int64 { fixedMilliseconds ?? 30 * Interval.day }

    /// The open time of the interval that contains `time`.
    public func openTime(containing time: Int64) -> Int64 {
        switch self {
        case .mo1:
            let (y, m, _) = CivilDate.fromDays(floorDiv(time, Interval.day))
            return CivilDate.toDays(year: y, month: m, day: 1) * Interval.day
        case .w1:
            let len = 7 * Interval.day
            return floorDiv(time - Interval.firstMonday, len) * len + Interval.firstMonday
        default:
            let len = fixedMilliseconds!
            return floorDiv(time, len) * len
        }
    }

    /// The open time of the next interval after the one opening at `openTime`.
    public func nextOpenTime(after openTime: Int64) -> Int64 {
        if self == .mo1 {
            let (y, m, _) = CivilDate.fromDays(floorDiv(openTime, Interval.day))
            let (ny, nm) = m == 12 ? (y + 1, 1) : (y, m + 1)
            return CivilDate.toDays(year: ny, month: nm, day: 1) * Interval.day
        }
        return openTime + fixedMilliseconds!
    }

    /// The open time of the interval before the one opening at `openTime`.
    public func previousOpenTime(before openTime: Int64) -> Int64 {
        if self == .mo1 {
            let (y, m, _) = CivilDate.fromDays(floorDiv(openTime, Interval.day))
            let (py, pm) = m == 1 ? (y - 1, 12) : (y, m - 1)
            return CivilDate.toDays(year: py, month: pm, day: 1) * Interval.day
        }
        return openTime - fixedMilliseconds!
    }

    /// Binance's close time: the last millisecond of the interval.
    public func closeTime(openTime: Int64) -> Int64 {
        nextOpenTime(after: openTime) - 1
    }

    /// Open times from `from` (aligned down) up to and including the interval containing `to`.
    public func openTimes(from: Int64, through to: Int64) -> [Int64] {
        var result: [Int64] = []
        var t = openTime(containing: from)
        while t <= to {
            result.append(t)
            t = nextOpenTime(after: t)
        }
        return result
    }

    /// How many whole intervals lie between two open times (exact for the month too).
    public func count(from start: Int64, to end: Int64) -> Int {
        if let len = fixedMilliseconds { return Int((end - start) / len) }
        var n = 0
        var t = start
        while t < end {
            t = nextOpenTime(after: t)
            n += 1
        }
        return n
    }

    public static func < (lhs: Interval, rhs: Interval) -> Bool {
        lhs.nominalMilliseconds < rhs.nominalMilliseconds
    }

    /// Parses "1m", "1h", "1M" (case matters only for minute vs month, as on Binance).
    public init?(parsing text: some StringProtocol) {
        self.init(rawValue: String(text))
    }
}

@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Proleptic Gregorian calendar arithmetic on days since 1970-01-01 (Howard Hinnant's algorithms).
public enum CivilDate {
    public static func toDays(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func fromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }

    /// "2021-02-11T03:00:00Z" for an epoch-ms time.
    public static func iso8601(_ ms: Int64) -> String {
        let days = floorDiv(ms, Interval.day)
        let rem = ms - days * Interval.day
        let (y, m, d) = fromDays(days)
        let h = rem / Interval.hour, mi = (rem % Interval.hour) / Interval.minute, s = (rem % Interval.minute) / 1000
        func p(_ v: Int64, _ w: Int = 2) -> String {
            let t = String(v)
            return String(repeating: "0", count: max(0, w - t.count)) + t
        }
        return "\(p(y, 4))-\(p(m))-\(p(d))T\(p(h)):\(p(mi)):\(p(s))Z"
    }
}
