/// Wilder's average directional index, seeded exactly as TA-Lib does.
///
/// +DM, -DM and TR are summed over bars 1...period-1, then Wilder-smoothed
/// (`s = s - s/period + x`) from bar `period` on, each smoothed bar giving a DX. The first ADX
/// is the mean of the DX of bars period...2·period-1 (emitted at bar 2·period-1), then
/// `adx = (adx*(period-1) + dx)/period`. A DX is skipped (still counted in the seed's divisor,
/// as TA-Lib does) when the smoothed TR is exactly 0 or +DI + -DI is within TA-Lib's fixed
/// 1e-14 band. That is TA-Lib 0.8.1's split: the TR sum carries the price unit, so a fixed
/// band would skip every DX of a coin quoted near 1e-8 once a quiet stretch has decayed it,
/// while the DIs are percentages and keep the fixed band.
public struct ADX: Indicator {
    public let period: Int
    private var seen = 0
    private var previousHigh = 0.0
    private var previousLow = 0.0
    private var previousClose = 0.0
    private var plusDM = 0.0
    private var minusDM = 0.0
    private var trueRangeSum = 0.0
    private var current = 0.0

    /// - Precondition: `period >= 1` (`IndicatorSpec` enforces TA-Lib's minimum of 2).
    public init(period: Int) {
        precondition(period >= 1, "ADX period must be at least 1")
        self.period = period
    }

    public var value: Double? { seen >= 2 * period ? current : nil }

    public mutating func update(_ bar: Bar) {
        defer {
            previousHigh = bar.high
            previousLow = bar.low
            previousClose = bar.close
            seen += 1
        }
        guard seen > 0 else { return }
        let up = bar.high - previousHigh
        let down = previousLow - bar.low
        let tr = trueRange(high: bar.high, low: bar.low, previousClose: previousClose)
        let n = Double(period)
        if seen < period {
            addDirectionalMove(up: up, down: down)
            trueRangeSum += tr
            return
        }
        minusDM -= minusDM / n
        plusDM -= plusDM / n
        addDirectionalMove(up: up, down: down)
        trueRangeSum = trueRangeSum - trueRangeSum / n + tr
        let dx = directionalIndex()
        if seen < 2 * period {
            if let dx { current += dx }
            if seen == 2 * period - 1 { current /= n }
        } else if let dx {
            current = (current * (n - 1) + dx) / n
        }
    }

    private mutating func addDirectionalMove(up: Double, down: Double) {
        if down > 0 && up < down {
            minusDM += down
        } else if up > 0 && up > down {
            plusDM += up
        }
    }

    private func directionalIndex() -> Double? {
        guard trueRangeSum != 0 else { return nil }
        let minusDI = 100.0 * (minusDM / trueRangeSum)
        let plusDI = 100.0 * (plusDM / trueRangeSum)
        let sum = minusDI + plusDI
        guard !isTALibZero(sum) else { return nil }
        return 100.0 * (abs(minusDI - plusDI) / sum)
    }

    /// `value` as it would be after `update(bar)`; the state is untouched. The state is a
    /// few scalars with no heap storage, so updating a copy costs no allocation and runs the
    /// very arithmetic a commit would.
    public func preview(_ bar: Bar) -> Double? {
        var next = self
        next.update(bar)
        return next.value
    }

    public var outputCount: Int { 1 }

    public func write(into buffer: inout [Double], at offset: Int) {
        buffer[offset] = value ?? .nan
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        buffer[offset] = preview(bar) ?? .nan
    }
}
