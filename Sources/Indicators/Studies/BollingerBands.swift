/// Bollinger bands over the close: middle = SMA(period), bands = middle ± k·σ with the
/// population standard deviation (divide by n) of the same window; first value at bar
/// `period - 1`. A constant window gives σ = 0.
public struct BollingerBands: Indicator {
    public struct Value: Sendable, Hashable {
        public var upper: Double
        public var middle: Double
        public var lower: Double
    }

    public let period: Int
    public let upperDeviations: Double
    public let lowerDeviations: Double
    private var window: RollingMoments

    /// - Precondition: `period >= 1`.
    public init(period: Int, upperDeviations: Double, lowerDeviations: Double) {
        precondition(period >= 1, "BBANDS period must be at least 1")
        self.period = period
        self.upperDeviations = upperDeviations
        self.lowerDeviations = lowerDeviations
        window = RollingMoments(window: period)
    }

    public var value: Value? {
        window.isFull ? bands(window.current) : nil
    }

    public mutating func update(_ bar: Bar) { window.push(bar.close) }

    /// `value` as it would be after `update(bar)`; the state is untouched.
    public func preview(_ bar: Bar) -> Value? {
        window.isFullAfterPush ? bands(window.afterPush(bar.close)) : nil
    }

    private func bands(_ sums: RollingMoments.Sums) -> Value {
        let middle = sums.mean
        let sigma = sums.variance.squareRoot()
        return Value(upper: middle + upperDeviations * sigma, middle: middle,
                     lower: middle - lowerDeviations * sigma)
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
            buffer[offset] = v.upper
            buffer[offset + 1] = v.middle
            buffer[offset + 2] = v.lower
        } else {
            buffer[offset] = .nan
            buffer[offset + 1] = .nan
            buffer[offset + 2] = .nan
        }
    }
}
