/// Williams %R: `-100·(HH - close)/(HH - LL)` over the last `period` bars including the
/// current one; first value at bar `period - 1`; 0 when the window is flat, i.e. HH - LL is
/// within TA-Lib's scaled zero band of |HH| + |LL| (see `isTALibZero(_:scale:)`), so rounding
/// residue in a flat stretch reads 0 at any price level, as in TA-Lib 0.8.1.
public struct WilliamsR: Indicator {
    public let period: Int
    private var highest: WindowExtreme
    private var lowest: WindowExtreme
    private var current: Double?

    /// - Precondition: `period >= 1`.
    public init(period: Int) {
        precondition(period >= 1, "WILLR period must be at least 1")
        self.period = period
        highest = .highest(window: period)
        lowest = .lowest(window: period)
    }

    public var value: Double? { current }

    public mutating func update(_ bar: Bar) {
        highest.push(bar.high)
        lowest.push(bar.low)
        guard highest.isFull else { return }
        current = Self.percentR(close: bar.close, highest: highest.extreme, lowest: lowest.extreme)
    }

    /// `value` as it would be after `update(bar)`; the state is untouched.
    public func preview(_ bar: Bar) -> Double? {
        guard highest.isFullAfterPush else { return current }
        return Self.percentR(close: bar.close, highest: highest.extremeAfterPush(bar.high),
                             lowest: lowest.extremeAfterPush(bar.low))
    }

    private static func percentR(close: Double, highest hh: Double, lowest ll: Double) -> Double {
        // TA-Lib divides by (HH - LL)/-100 rather than multiplying; same here for the last bit.
        let range = hh - ll
        guard !isTALibZero(range, scale: abs(hh) + abs(ll)) else { return 0 }
        return (hh - close) / (range / -100.0)
    }

    public var outputCount: Int { 1 }

    public func write(into buffer: inout [Double], at offset: Int) {
        buffer[offset] = value ?? .nan
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        buffer[offset] = preview(bar) ?? .nan
    }
}
