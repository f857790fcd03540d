/// Commodity channel index: `(tp - SMA(tp)) / (0.015 · meanDeviation)` over the last `period`
/// typical prices; first value at bar `period - 1`; 0 when the mean deviation is 0.
///
/// The mean absolute deviation around the window's own mean has no running form (every
/// term changes when the mean moves), so each update walks the window: O(period) per bar,
/// exactly as TA-Lib does. The mean is re-added in the same walk, so nothing drifts.
public struct CCI: Indicator {
    public let period: Int
    private var typicalPrices: RingBuffer
    /// The running part of the next update's window sum: the typical prices the next push
    /// keeps, added oldest first. It depends on committed bars only, so it is added up once
    /// per commit instead of once per preview; adding the new value last is the order a
    /// full walk would use, so the sum is bit-identical.
    private var keptSum = 0.0
    private var current: Double?

    /// - Precondition: `period >= 1`.
    public init(period: Int) {
        precondition(period >= 1, "CCI period must be at least 1")
        self.period = period
        typicalPrices = RingBuffer(capacity: period)
    }

    public var value: Double? { current }

    public mutating func update(_ bar: Bar) {
        let next = preview(bar)
        typicalPrices.push(bar.typicalPrice)
        current = next
        guard typicalPrices.count + 1 >= period else { return }
        var sum = 0.0
        for i in (typicalPrices.isFull ? 1 : 0)..<typicalPrices.count { sum += typicalPrices[i] }
        keptSum = sum
    }

    /// `value` as it would be after `update(bar)`; the state is untouched. `update` stores
    /// this very result, so the two cannot round differently.
    public func preview(_ bar: Bar) -> Double? {
        let tp = bar.typicalPrice
        let full = typicalPrices.isFull
        guard full || typicalPrices.count + 1 == period else { return current }
        // The window after the push, oldest first: the kept values, then `tp`.
        let first = full ? 1 : 0
        let last = typicalPrices.count
        let n = Double(period)
        let mean = (keptSum + tp) / n
        var deviation = 0.0
        for i in first..<last { deviation += abs(typicalPrices[i] - mean) }
        deviation += abs(tp - mean)
        let distance = tp - mean
        return distance != 0 && deviation != 0 ? distance / (0.015 * (deviation / n)) : 0
    }

    public var outputCount: Int { 1 }

    public func write(into buffer: inout [Double], at offset: Int) {
        buffer[offset] = value ?? .nan
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        buffer[offset] = preview(bar) ?? .nan
    }
}
