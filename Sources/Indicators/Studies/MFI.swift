/// Money flow index over `period` bars.
///
/// Raw flow is typical price × volume, positive when the typical price rose from the
/// previous bar, negative when it fell, neither when unchanged; first value at bar
/// `period`; `100·pos/(pos+neg)`.
///
/// TA-Lib 0.8.1's flat-window rules: a change within `1e-14·(|tp| + |previous tp|)`
/// (`isTALibZero(_:scale:)`) counts as unchanged, so rounding residue between identical
/// candles is no flow; and the index is 0 when no bar of the window contributed a nonzero
/// flow (every typical price unchanged, or no volume traded), decided by counting bars, not
/// from the running sums, which keep residue after the last flow leaves the window. The old
/// "0 when pos+neg < 1" rule zeroed every coin quoted near 1e-8; 0.8.1 no longer has it.
public struct MFI: Indicator {
    public let period: Int
    private var positive: RollingSum
    private var negative: RollingSum
    /// 1 for each bar of the window with a nonzero flow, else 0; small integers add exactly.
    private var contributing: RollingSum
    private var previousTypical = 0.0
    private var seen = 0

    /// - Precondition: `period >= 1`.
    public init(period: Int) {
        precondition(period >= 1, "MFI period must be at least 1")
        self.period = period
        positive = RollingSum(window: period)
        negative = RollingSum(window: period)
        contributing = RollingSum(window: period)
    }

    public var value: Double? {
        positive.isFull
            ? Self.index(positive: positive.sum, negative: negative.sum, contributing: contributing.sum) : nil
    }

    public mutating func update(_ bar: Bar) {
        let tp = bar.typicalPrice
        defer {
            previousTypical = tp
            seen += 1
        }
        guard seen > 0 else { return }
        let (up, down, counted) = flows(bar, typicalPrice: tp)
        positive.push(up)
        negative.push(down)
        contributing.push(counted)
    }

    /// `value` as it would be after `update(bar)`; the state is untouched.
    public func preview(_ bar: Bar) -> Double? {
        // The first bar only sets the reference typical price.
        guard seen > 0 else { return value }
        guard positive.isFullAfterPush else { return nil }
        let (up, down, counted) = flows(bar, typicalPrice: bar.typicalPrice)
        return Self.index(positive: positive.sumAfterPush(up), negative: negative.sumAfterPush(down),
                          contributing: contributing.sumAfterPush(counted))
    }

    /// The bar's money flow as (positive, negative, contributed) window entries, classified
    /// as TA-Lib 0.8.1 does: unchanged within the scaled zero band, else falling or rising
    /// (a NaN change counts as rising, as there).
    private func flows(_ bar: Bar, typicalPrice tp: Double) -> (Double, Double, Double) {
        let change = tp - previousTypical
        if isTALibZero(change, scale: abs(tp) + abs(previousTypical)) { return (0, 0, 0) }
        let flow = tp * bar.volume
        let counted: Double = flow != 0 ? 1 : 0
        return change < 0 ? (0, flow, counted) : (flow, 0, counted)
    }

    private static func index(positive: Double, negative: Double, contributing: Double) -> Double {
        contributing == 0 ? 0 : 100.0 * (positive / (positive + negative))
    }

    public var outputCount: Int { 1 }

    public func write(into buffer: inout [Double], at offset: Int) {
        buffer[offset] = value ?? .nan
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        buffer[offset] = preview(bar) ?? .nan
    }
}
