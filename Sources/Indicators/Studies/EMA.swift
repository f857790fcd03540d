/// Exponential moving average, TA-Lib style: seeded with the SMA of the first `period`
/// values (emitted at bar `period - 1`), then `ema += (x - ema) * 2/(period+1)`.
///
/// Seeding with the first value instead (pandas `ewm`, tulipy) stays more than 1e-9 away
/// from TA-Lib for about a hundred bars.
public struct EMA: Indicator {
    public let period: Int
    private let k: Double
    private var seen = 0
    private var seedSum = 0.0
    private var current = 0.0

    /// - Precondition: `period >= 1` (`IndicatorSpec` enforces TA-Lib's minimum of 2; MACD's
    ///   signal line may use 1).
    public init(period: Int) {
        precondition(period >= 1, "EMA period must be at least 1")
        self.period = period
        k = 2.0 / Double(period + 1)
    }

    public var value: Double? { seen >= period ? current : nil }

    public mutating func update(_ bar: Bar) { update(value: bar.close) }

    /// Feeds any series (MACD feeds its line to the signal EMA).
    public mutating func update(value x: Double) {
        if seen >= period {
            current = (x - current) * k + current
            return
        }
        seedSum += x
        seen += 1
        if seen == period { current = seedSum / Double(period) }
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
