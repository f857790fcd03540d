/// Sum of the last `window` values, O(1) amortized per push.
///
/// A running sum that adds the new value and subtracts the evicted one drifts without bound
/// on a live feed that never restarts. Re-adding the window from scratch every `window`
/// pushes bounds the accumulated error to one window's worth of roundings (the same order
/// as TA-Lib's own running sums over a few thousand rows), at O(1) amortized cost.
///
/// `sumAfterPush(_:)` is the one place the next sum is computed; `push` stores its result,
/// so a preview of the forming bar rounds exactly as committing it would.
struct RollingSum: Sendable {
    private var values: RingBuffer
    private(set) var sum = 0.0
    private var pushesSinceExactSum = 0

    init(window: Int) {
        values = RingBuffer(capacity: window)
    }

    var window: Int { values.capacity }
    var isFull: Bool { values.isFull }
    var count: Int { values.count }
    /// Whether the window is full once one more value is pushed.
    var isFullAfterPush: Bool { values.count + 1 >= values.capacity }

    /// The push that evicts a value and brings the evictions since the last exact sum to a
    /// whole window re-adds the window instead of adjusting the running sum.
    private var resumsOnNextPush: Bool {
        values.isFull && pushesSinceExactSum + 1 >= values.capacity
    }

    /// The sum `push(value)` would leave, without pushing.
    func sumAfterPush(_ value: Double) -> Double {
        guard values.isFull else { return sum + value }
        guard resumsOnNextPush else { return sum + value - values.oldest }
        // The window after the push, oldest first: everything but the evicted value, then `value`.
        var exact = 0.0
        for i in 1..<values.capacity { exact += values[i] }
        return exact + value
    }

    mutating func push(_ value: Double) {
        let next = sumAfterPush(value)
        let resums = resumsOnNextPush
        if values.push(value) != nil {
            pushesSinceExactSum = resums ? 0 : pushesSinceExactSum + 1
        }
        sum = next
    }
}
