/// Wilder's relative strength index of the close.
///
/// The first average gain and loss are simple means of the first `period` changes, so the
/// first value is at bar `period`; then `avg = (avg*(period-1) + change)/period`. A flat
/// series (both averages exactly 0) gives 0, as TA-Lib 0.8.1 does: it tests the sum exactly,
/// not against a fixed band that would zero a coin quoted near 1e-8 after a quiet stretch.
public struct RSI: Indicator {
    public let period: Int
    private var seen = 0
    private var previousClose = 0.0
    private var averageGain = 0.0
    private var averageLoss = 0.0

    /// - Precondition: `period >= 1` (`IndicatorSpec` enforces TA-Lib's minimum of 2).
    public init(period: Int) {
        precondition(period >= 1, "RSI period must be at least 1")
        self.period = period
    }

    public var value: Double? {
        guard seen > period else { return nil }
        let total = averageGain + averageLoss
        return total == 0 ? 0 : 100.0 * (averageGain / total)
    }

    public mutating func update(_ bar: Bar) {
        let x = bar.close
        defer {
            previousClose = x
            seen += 1
        }
        guard seen > 0 else { return }
        let change = x - previousClose
        let n = Double(period)
        if seen < period {
            accumulate(change)
        } else if seen == period {
            accumulate(change)
            averageGain /= n
            averageLoss /= n
        } else {
            // Same operation order as TA-Lib keeps the last bits aligned.
            averageLoss *= n - 1
            averageGain *= n - 1
            accumulate(change)
            averageLoss /= n
            averageGain /= n
        }
    }

    private mutating func accumulate(_ change: Double) {
        if change < 0 { averageLoss -= change } else { averageGain += change }
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
