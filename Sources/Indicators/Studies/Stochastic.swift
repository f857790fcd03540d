/// Slow stochastic with SMA smoothing (TA-Lib STOCH with both MA types SMA).
///
/// Raw %K = `100·(close - LL)/(HH - LL)` over the last `fastK` bars, 0 when the window is flat
/// (HH - LL within TA-Lib's scaled zero band of |HH| + |LL|, as in TA-Lib 0.8.1);
/// %K = SMA(`slowK`) of raw %K; %D = SMA(`slowD`) of %K. Both outputs start at bar
/// `fastK-1 + slowK-1 + slowD-1`, as TA-Lib aligns them.
public struct Stochastic: Indicator {
    public struct Value: Sendable, Hashable {
        public var k: Double
        public var d: Double
    }

    public let fastKPeriod: Int
    public let slowKPeriod: Int
    public let slowDPeriod: Int
    private var highest: WindowExtreme
    private var lowest: WindowExtreme
    private var slowK: SMA
    private var slowD: SMA

    /// - Precondition: all periods `>= 1`.
    public init(fastK: Int, slowK: Int, slowD: Int) {
        precondition(fastK >= 1 && slowK >= 1 && slowD >= 1, "STOCH periods must be at least 1")
        fastKPeriod = fastK
        slowKPeriod = slowK
        slowDPeriod = slowD
        highest = .highest(window: fastK)
        lowest = .lowest(window: fastK)
        self.slowK = SMA(period: slowK)
        self.slowD = SMA(period: slowD)
    }

    public var value: Value? {
        guard let d = slowD.value, let k = slowK.value else { return nil }
        return Value(k: k, d: d)
    }

    public mutating func update(_ bar: Bar) {
        highest.push(bar.high)
        lowest.push(bar.low)
        guard highest.isFull else { return }
        slowK.update(value: Self.rawK(close: bar.close, highest: highest.extreme, lowest: lowest.extreme))
        if let k = slowK.value { slowD.update(value: k) }
    }

    /// `value` as it would be after `update(bar)`; the state is untouched.
    public func preview(_ bar: Bar) -> Value? {
        guard highest.isFullAfterPush else { return value }
        let raw = Self.rawK(close: bar.close, highest: highest.extremeAfterPush(bar.high),
                            lowest: lowest.extremeAfterPush(bar.low))
        // %D only moves once %K has a value, and the output needs both.
        guard let k = slowK.preview(value: raw), let d = slowD.preview(value: k) else { return nil }
        return Value(k: k, d: d)
    }

    private static func rawK(close: Double, highest hh: Double, lowest ll: Double) -> Double {
        let range = hh - ll
        guard !isTALibZero(range, scale: abs(hh) + abs(ll)) else { return 0 }
        return (close - ll) / (range / 100.0)
    }

    public var outputCount: Int { 2 }

    public func write(into buffer: inout [Double], at offset: Int) {
        Self.write(value, into: &buffer, at: offset)
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        Self.write(preview(bar), into: &buffer, at: offset)
    }

    private static func write(_ value: Value?, into buffer: inout [Double], at offset: Int) {
        if let v = value {
            buffer[offset] = v.k
            buffer[offset + 1] = v.d
        } else {
            buffer[offset] = .nan
            buffer[offset + 1] = .nan
        }
    }
}
