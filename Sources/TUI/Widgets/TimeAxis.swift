import MarketModel

/// Time labels for the chart's bottom row: clock times for intraday bars (a date at midnight),
/// dates for daily and weekly bars, months for monthly bars, placed on round times.
enum TimeAxis {
    static func label(for openTime: Int64, interval: Interval) -> String {
        switch interval {
        case .s1:
            return Formatting.clock(openTime)
        case .d1, .d3, .w1:
            return Formatting.monthDay(openTime)
        case .mo1:
            return Formatting.yearMonth(openTime)
        default:
            return openTime % Interval.day == 0 ? Formatting.monthDay(openTime) : Formatting.hourMinute(openTime)
        }
    }

    static let roundPeriods: [Int64] = [
        1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200,
        86_400, 172_800, 604_800, 1_209_600, 2_419_200,
    ].map { $0 * 1000 }

    /// Candles to label: those opening on a round period long enough that labels do not collide.
    static func labelIndices(candles: [Candle], range: Range<Int>, interval: Interval, step: Int, labelWidth: Int) -> [Int] {
        guard !range.isEmpty else { return [] }
        let minBars = max(1, (labelWidth + 3 + step - 1) / step)
        if let len = interval.fixedMilliseconds,
           let period = roundPeriods.first(where: { $0 % len == 0 && $0 / len >= Int64(minBars) }) {
            // Weeks are aligned to Monday, so count periods from the first Monday.
            let origin: Int64 = interval == .w1 ? 4 * Interval.day : 0
            return range.filter { (candles[$0].openTime - origin) % period == 0 }
        }
        // Months, and periods beyond the table: every k-th bar counted from a stable origin.
        let k = Int64(minBars)
        return range.filter { i in
            let t = candles[i].openTime
            let ordinal: Int64
            if interval == .mo1 {
                let (y, m, _) = CivilDate.fromDays(t / Interval.day)
                ordinal = y * 12 + m - 1
            } else {
                ordinal = t / interval.nominalMilliseconds
            }
            return ordinal % k == 0
        }
    }
}
