/// Moving average convergence/divergence, TA-Lib style.
///
/// The trap: both EMAs start at bar `slow - 1`. The slow EMA is seeded with the SMA of the
/// first `slow` closes, the fast one with the SMA of the `fast` closes ending at bar
/// `slow - 1` (not a standalone EMA(fast) started at bar 0). The signal is an SMA-seeded
/// EMA of the line, and all three outputs appear from bar `slow + signal - 2`.
/// Like TA-Lib, a slow period shorter than the fast one is swapped.
public struct MACD: Indicator {
    public struct Value: Sendable, Hashable {
        public var line: Double
        public var signal: Double
        public var histogram: Double
    }

    public let fastPeriod: Int
    public let slowPeriod: Int
    public let signalPeriod: Int
    private var fast: EMA
    private var slow: EMA
    private var signal: EMA
    private var seen = 0
    private var line = 0.0

    /// - Precondition: all periods `>= 1`.
    public init(fast: Int, slow: Int, signal: Int) {
        precondition(fast >= 1 && slow >= 1 && signal >= 1, "MACD periods must be at least 1")
        fastPeriod = fast
        slowPeriod = slow
        signalPeriod = signal
        let (f, s) = slow < fast ? (slow, fast) : (fast, slow)
        self.fast = EMA(period: f)
        self.slow = EMA(period: s)
        self.signal = EMA(period: signal)
    }

    public var value: Value? {
        guard let s = signal.value else { return nil }
        return Value(line: line, signal: s, histogram: line - s)
    }

    public mutating func update(_ bar: Bar) {
        let x = bar.close
        // The fast EMA skips the bars before its seed window so it warms at the same bar
        // as the slow one.
        if seen >= slow.period - fast.period { fast.update(value: x) }
        slow.update(value: x)
        seen += 1
        if let f = fast.value, let s = slow.value {
            line = f - s
            signal.update(value: line)
        }
    }

    /// `value` as it would be after `update(bar)`; the state is untouched. Three EMAs are
    /// scalars only, so updating a copy costs no allocation and runs the very arithmetic a
    /// commit would.
    public func preview(_ bar: Bar) -> Value? {
        var next = self
        next.update(bar)
        return next.value
    }

    public var outputCount: Int { 3 }

    public func write(into buffer: inout [Double], at offset: Int) {
        Self.write(value, into: &buffer, at: offset)
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        Self.write(preview(bar), into: &buffer, at: offset)
    }

    private static func write(_ value: Value?, into buffer: inout [Double], at offset: Int) {
        if let v = value {
            buffer[offset] = v.line
            buffer[offset + 1] = v.signal
            buffer[offset + 2] = v.histogram
        } else {
            buffer[offset] = .nan
            buffer[offset + 1] = .nan
            buffer[offset + 2] = .nan
        }
    }
}
