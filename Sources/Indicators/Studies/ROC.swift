/// Rate of change of the close in percent, `(x / x[i-period] - 1) * 100`; first value at bar
/// `period`. A zero base price gives 0, as in TA-Lib.
public struct ROC: Indicator {
    public let period: Int
    private var previous: RingBuffer
    private var current: Double?

    /// - Precondition: `period >= 1`.
    public init(period: Int) {
        precondition(period >= 1, "ROC period must be at least 1")
        self.period = period
        previous = RingBuffer(capacity: period)
    }

    public var value: Double? { current }

    public mutating func update(_ bar: Bar) {
        current = preview(bar)
        previous.push(bar.close)
    }

    /// `value` as it would be after `update(bar)`; the state is untouched.
    public func preview(_ bar: Bar) -> Double? {
        guard previous.isFull else { return current }
        let base = previous.oldest
        return base != 0 ? (bar.close / base - 1.0) * 100.0 : 0
    }

    public var outputCount: Int { 1 }

    public func write(into buffer: inout [Double], at offset: Int) {
        buffer[offset] = value ?? .nan
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        buffer[offset] = preview(bar) ?? .nan
    }
}
