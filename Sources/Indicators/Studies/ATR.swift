/// Wilder's average true range.
///
/// True range needs a previous close, so bar 0 has none and is not used; the first ATR is
/// the mean of the true ranges of bars 1...period (emitted at bar `period`), then
/// `atr = (atr*(period-1) + tr)/period`.
public struct ATR: Indicator {
    public let period: Int
    private var seen = 0
    private var previousClose = 0.0
    private var current = 0.0

    /// - Precondition: `period >= 1`.
    public init(period: Int) {
        precondition(period >= 1, "ATR period must be at least 1")
        self.period = period
    }

    public var value: Double? { seen > period ? current : nil }

    public mutating func update(_ bar: Bar) {
        defer {
            previousClose = bar.close
            seen += 1
        }
        guard seen > 0 else { return }
        let tr = trueRange(high: bar.high, low: bar.low, previousClose: previousClose)
        let n = Double(period)
        if seen < period {
            current += tr
        } else if seen == period {
            current += tr
            current /= n
        } else {
            current = (current * (n - 1) + tr) / n
        }
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
