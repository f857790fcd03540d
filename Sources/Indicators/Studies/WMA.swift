/// Linearly weighted moving average of the close: weights 1...period, newest heaviest,
/// divided by period(period+1)/2; first value at bar `period - 1`.
public struct WMA: Indicator {
    public let period: Int
    private let divider: Double
    private var window: RingBuffer
    private var sums = Sums(plain: 0, weighted: 0)
    private var pushesSinceExactSum = 0

    private struct Sums {
        var plain: Double
        var weighted: Double
    }

    /// - Precondition: `period >= 1`.
    public init(period: Int) {
        precondition(period >= 1, "WMA period must be at least 1")
        self.period = period
        divider = Double(period * (period + 1) / 2)
        window = RingBuffer(capacity: period)
    }

    public var value: Double? { window.isFull ? sums.weighted / divider : nil }

    public mutating func update(_ bar: Bar) { update(value: bar.close) }

    public mutating func update(value x: Double) {
        let next = sumsAfterPush(x)
        let resums = resumsOnNextPush
        if window.push(x) != nil {
            pushesSinceExactSum = resums ? 0 : pushesSinceExactSum + 1
        }
        sums = next
    }

    /// `value` as it would be after `update(bar)`; the state is untouched.
    public func preview(_ bar: Bar) -> Double? { preview(value: bar.close) }

    /// `value` as it would be after `update(value:)`; the state is untouched.
    public func preview(value x: Double) -> Double? {
        window.count + 1 >= period ? sumsAfterPush(x).weighted / divider : nil
    }

    /// Bounds running-sum drift on an endless feed: every `period` evictions the sums are
    /// re-added from the window, O(1) amortized.
    private var resumsOnNextPush: Bool {
        window.isFull && pushesSinceExactSum + 1 >= period
    }

    /// The sums `update(value: x)` would leave. `update` stores this very result, so a
    /// preview rounds exactly as a commit.
    private func sumsAfterPush(_ x: Double) -> Sums {
        guard window.isFull else {
            return Sums(plain: sums.plain + x, weighted: sums.weighted + x * Double(window.count + 1))
        }
        guard resumsOnNextPush else {
            // Shifting the window lowers every weight by one (subtract the old plain sum, which
            // also drops the evicted value's weight 1) and adds the new value at weight n.
            return Sums(plain: sums.plain - window.oldest + x,
                        weighted: sums.weighted - sums.plain + x * Double(period))
        }
        // The window after the push, oldest first with weights 1...period: the kept values
        // (ring index i gets weight i), then `x` at weight `period`.
        var plain = 0.0
        var weighted = 0.0
        for i in 1..<period {
            let v = window[i]
            plain += v
            weighted += v * Double(i)
        }
        plain += x
        weighted += x * Double(period)
        return Sums(plain: plain, weighted: weighted)
    }

    public var outputCount: Int { 1 }

    public func write(into buffer: inout [Double], at offset: Int) {
        buffer[offset] = value ?? .nan
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        buffer[offset] = preview(bar) ?? .nan
    }
}
