/// Highest (or lowest) of the last `window` values in O(1) amortized per push: a monotonic
/// deque held in fixed-capacity rings, so no allocation after `init`.
///
/// The lowest is tracked as the highest of the negated values; negation is exact.
struct WindowExtreme: Sendable {
    private var values: [Double]
    private var sequence: [Int]
    private var head = 0
    private var count = 0
    private var pushed = 0
    private let sign: Double
    let window: Int

    static func highest(window: Int) -> WindowExtreme { WindowExtreme(window: window, sign: 1) }
    static func lowest(window: Int) -> WindowExtreme { WindowExtreme(window: window, sign: -1) }

    private init(window: Int, sign: Double) {
        precondition(window >= 1, "an extreme needs a window of at least one value")
        self.window = window
        self.sign = sign
        values = Array(repeating: 0, count: window)
        sequence = Array(repeating: 0, count: window)
    }

    /// True once `window` values have been pushed.
    var isFull: Bool { pushed >= window }

    /// Whether `window` values have been pushed once one more is.
    var isFullAfterPush: Bool { pushed + 1 >= window }

    /// Only meaningful after at least one push.
    var extreme: Double { values[head] * sign }

    /// The extreme `push(raw)` would leave, without pushing: after the same eviction, the
    /// front survives unless `push` would pop every value, in which case the new value is
    /// the extreme. Uses `push`'s own `<=` test so ties and NaNs resolve alike.
    func extremeAfterPush(_ raw: Double) -> Double {
        let x = raw * sign
        var front = head
        var remaining = count
        if remaining > 0, sequence[front] <= pushed - window {
            front = front + 1 == window ? 0 : front + 1
            remaining -= 1
        }
        guard remaining > 0 else { return x * sign }
        // The pops stop at the first value, from the back, that is not <= x; any such value
        // keeps the front. Checking the front first settles the usual case in O(1).
        if !(values[front] <= x) { return values[front] * sign }
        var back = front + remaining - 1
        if back >= window { back -= window }
        while remaining > 0 {
            if !(values[back] <= x) { return values[front] * sign }
            back = back == 0 ? window - 1 : back - 1
            remaining -= 1
        }
        return x * sign
    }

    mutating func push(_ raw: Double) {
        let x = raw * sign
        let seq = pushed
        pushed += 1
        // Only one value leaves the window per push, so one check suffices.
        if count > 0, sequence[head] <= seq - window {
            head = head + 1 == window ? 0 : head + 1
            count -= 1
        }
        // Drop values the new one dominates; they can never be the extreme again.
        while count > 0 {
            var back = head + count - 1
            if back >= window { back -= window }
            if values[back] <= x { count -= 1 } else { break }
        }
        var slot = head + count
        if slot >= window { slot -= window }
        values[slot] = x
        sequence[slot] = seq
        count += 1
    }
}
