/// Commodity channel index: `(tp - SMA(tp)) / (0.015 · meanDeviation)` over the last `period`
/// typical prices; first value at bar `period - 1`; 0 when the window is flat.
///
/// The mean absolute deviation around the window's own mean has no running form (every
/// term changes when the mean moves), so each update walks the window: O(period) per bar,
/// exactly as TA-Lib does. The mean is re-added in the same walk, so nothing drifts.
///
/// Flat windows, as TA-Lib 0.8.1 decides them: the value is 0 when `tp - mean` or the mean
/// deviation is within `1e-14·|mean|` (`isTALibZero(_:scale:)`). Identical typical prices
/// leave rounding residue in the mean (twenty copies of 0.0123 do not average back to 0.0123),
/// and an exact test divides that residue by itself into ±66.67; a fixed band would zero
/// every window of a coin quoted near 1e-8. Both walks add the window in TA-Lib's circular
/// buffer order (storage slots 0..<period, not oldest first), so the residue, and therefore
/// nearly flat windows, come out bit for bit as TA-Lib's.
public struct CCI: Indicator {
    public let period: Int
    private var typicalPrices: RingBuffer
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
    }

    /// `value` as it would be after `update(bar)`; the state is untouched. `update` stores
    /// this very result, so the two cannot round differently.
    public func preview(_ bar: Bar) -> Double? {
        let tp = bar.typicalPrice
        guard typicalPrices.isFull || typicalPrices.count + 1 == period else { return current }
        // The window after the push, in storage order: every slot as stored, except the one
        // the push overwrites (the evicted value, or the empty last slot), which holds `tp`.
        let replaced = typicalPrices.nextSlot
        let n = Double(period)
        var sum = 0.0
        for slot in 0..<period { sum += slot == replaced ? tp : typicalPrices.value(inSlot: slot) }
        let mean = sum / n
        var deviation = 0.0
        for slot in 0..<period {
            deviation += abs((slot == replaced ? tp : typicalPrices.value(inSlot: slot)) - mean)
        }
        deviation /= n
        let distance = tp - mean
        let scale = abs(mean)
        if isTALibZero(distance, scale: scale) || isTALibZero(deviation, scale: scale) { return 0 }
        return distance / (0.015 * deviation)
    }

    public var outputCount: Int { 1 }

    public func write(into buffer: inout [Double], at offset: Int) {
        buffer[offset] = value ?? .nan
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        buffer[offset] = preview(bar) ?? .nan
    }
}
