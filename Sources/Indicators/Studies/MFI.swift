/// Money flow index over `period` bars.
///
/// Raw flow is typical price × volume, positive when the typical price rose from the
/// previous bar, negative when it fell, neither when unchanged; first value at bar
/// `period`; `100·pos/(pos+neg)`, and 0 when pos+neg < 1, which is TA-Lib's rule.
public struct MFI: Indicator {
    public let period: Int
    private var positive: RollingSum
    private var negative: RollingSum
    private var previousTypical = 0.0
    private var seen = 0

    /// - Precondition: `period >= 1`.
    public init(period: Int) {
        precondition(period >= 1, "MFI period must be at least 1")
        self.period = period
        positive = RollingSum(window: period)
        negative = RollingSum(window: period)
    }

    public var value: Double? {
        positive.isFull ? Self.index(positive: positive.sum, negative: negative.sum) : nil
    }

    public mutating func update(_ bar: Bar) {
        let tp = bar.typicalPrice
        defer {
            previousTypical = tp
            seen += 1
        }
        guard seen > 0 else { return }
        let (up, down) = flows(bar, typicalPrice: tp)
        positive.push(up)
        negative.push(down)
    }

    /// `value` as it would be after `update(bar)`; the state is untouched.
    public func preview(_ bar: Bar) -> Double? {
        // The first bar only sets the reference typical price.
        guard seen > 0 else { return value }
        guard positive.isFullAfterPush else { return nil }
        let (up, down) = flows(bar, typicalPrice: bar.typicalPrice)
        return Self.index(positive: positive.sumAfterPush(up), negative: negative.sumAfterPush(down))
    }

    /// The bar's money flow as (positive, negative) window entries.
    private func flows(_ bar: Bar, typicalPrice tp: Double) -> (Double, Double) {
        let flow = tp * bar.volume
        if tp > previousTypical { return (flow, 0) }
        if tp < previousTypical { return (0, flow) }
        return (0, 0)
    }

    private static func index(positive: Double, negative: Double) -> Double {
        let total = positive + negative
        return total < 1 ? 0 : 100.0 * (positive / total)
    }

    public var outputCount: Int { 1 }

    public func write(into buffer: inout [Double], at offset: Int) {
        buffer[offset] = value ?? .nan
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        buffer[offset] = preview(bar) ?? .nan
    }
}
