/// All indicators of one candle series, updated together in one pass per closed bar.
///
/// Outputs live in one flat `[Double]` (`values`), one slot per column (`columns`), NaN while
/// warming up; committing rewrites the slots in place, so the hot path allocates nothing.
/// `preview(_:into:)` shows the forming bar without touching the committed state and without
/// allocating: each indicator computes its would-be outputs from its committed state.
public struct IndicatorSet: Sendable {
    public private(set) var specs: [IndicatorSpec]
    public private(set) var columns: [String]
    /// Current committed outputs, aligned with `columns`.
    public private(set) var values: [Double]
    /// Closed bars folded in so far.
    public private(set) var barCount = 0

    private var indicators: [any Indicator]
    /// `offsets[i]` is the first slot of `specs[i]` in `values`.
    private var offsets: [Int]

    /// Builds the set and replays `history` (closed bars, oldest first). Rebuilding with new
    /// parameters is just a new set over the same history. A spec listed twice is kept once.
    public init(specs: [IndicatorSpec], history: some Sequence<Bar> = [Bar]()) {
        self.specs = []
        columns = []
        values = []
        indicators = []
        offsets = []
        for spec in specs where !self.specs.contains(spec) {
            append(spec)
        }
        for bar in history { commit(bar) }
    }

    /// Folds a closed bar into every indicator.
    public mutating func commit(_ bar: Bar) {
        for i in indicators.indices {
            indicators[i].update(bar)
            indicators[i].write(into: &values, at: offsets[i])
        }
        barCount += 1
    }

    /// Outputs as they would be if `formingBar` closed now, aligned with `columns`: bit for
    /// bit what committing it on a copy would show. Allocates only the returned array; the
    /// live path should reuse a buffer with `preview(_:into:)`.
    public func preview(_ formingBar: Bar) -> [Double] {
        var out = values
        preview(formingBar, into: &out)
        return out
    }

    /// `preview(_:)` into a caller-owned buffer (resized to `columns.count` if needed, the
    /// only time it allocates).
    public func preview(_ formingBar: Bar, into buffer: inout [Double]) {
        if buffer.count != values.count {
            buffer = Array(repeating: .nan, count: values.count)
        }
        for i in indicators.indices {
            indicators[i].writePreview(of: formingBar, into: &buffer, at: offsets[i])
        }
    }

    /// Current committed value of a column, nil while warming up or for an unknown column.
    public func value(column: String) -> Double? {
        guard let i = columns.firstIndex(of: column), !values[i].isNaN else { return nil }
        return values[i]
    }

    /// Column slots of `spec` in `values`, nil when the set does not hold it.
    public func slots(of spec: IndicatorSpec) -> Range<Int>? {
        guard let i = specs.firstIndex(of: spec) else { return nil }
        return offsets[i]..<(offsets[i] + indicators[i].outputCount)
    }

    /// `(column, value)` pairs for display; allocates, so keep it off the per-update path.
    public var namedValues: [(column: String, value: Double)] {
        Array(zip(columns, values)).map { (column: $0.0, value: $0.1) }
    }

    /// Adds an indicator at run time, warmed up by replaying `history` (the closed bars
    /// already committed, oldest first). Returns false when the set already holds `spec`.
    @discardableResult
    public mutating func add(_ spec: IndicatorSpec, history: some Sequence<Bar>) -> Bool {
        guard !specs.contains(spec) else { return false }
        var indicator = spec.makeIndicator()
        for bar in history { indicator.update(bar) }
        append(spec, indicator: indicator)
        return true
    }

    /// Removes an indicator and its columns. Returns false when the set does not hold it.
    @discardableResult
    public mutating func remove(_ spec: IndicatorSpec) -> Bool {
        guard let i = specs.firstIndex(of: spec) else { return false }
        let slots = offsets[i]..<(offsets[i] + indicators[i].outputCount)
        specs.remove(at: i)
        indicators.remove(at: i)
        offsets.remove(at: i)
        columns.removeSubrange(slots)
        values.removeSubrange(slots)
        for j in i..<offsets.count { offsets[j] -= slots.count }
        return true
    }

    private mutating func append(_ spec: IndicatorSpec, indicator: (any Indicator)? = nil) {
        let indicator = indicator ?? spec.makeIndicator()
        let names = spec.columnNames
        specs.append(spec)
        offsets.append(values.count)
        columns.append(contentsOf: names)
        values.append(contentsOf: repeatElement(Double.nan, count: names.count))
        indicator.write(into: &values, at: offsets[offsets.count - 1])
        indicators.append(indicator)
    }
}
