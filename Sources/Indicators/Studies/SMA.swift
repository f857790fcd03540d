/// Simple moving average of the close over `period` bars; first value at bar `period - 1`.
public struct SMA: Indicator {
    public let period: Int
    private var window: RollingSum

    /// - Precondition: `period >= 1` (`IndicatorSpec` enforces TA-Lib's minimum of 2).
    public init(period: Int) {
        precondition(period >= 1, "SMA period must be at least 1")
        self.period = period
        window = RollingSum(window: period)
    }

    public var value: Double? { window.isFull ? window.sum / Double(period) : nil }

    public mutating func update(_ bar: Bar) { update(value: bar.close) }

    /// Feeds any series, not only closes (STOCH smooths %K with it).
    public mutating func update(value: Double) { window.push(value) }

    /// `value` as it would be after `update(bar)`; the state is untouched.
    public func preview(_ bar: Bar) -> Double? { preview(value: bar.close) }

    /// `value` as it would be after `update(value:)`; the state is untouched.
    public func preview(value: Double) -> Double? {
        window.isFullAfterPush ? window.sumAfterPush(value) / Double(period) : nil
    }

    public var outputCount: Int { 1 }

    public func write(into buffer: inout [Double], at offset: Int) {
        buffer[offset] = value ?? .nan
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        buffer[offset] = preview(bar) ?? .nan
    }
}
