/// Mean and population variance of the last `window` values, O(1) amortized per push.
///
/// `E[x²] - E[x]²` on raw prices cancels catastrophically (BTC at 30 000 squares to 9e8 while
/// a quiet window's variance is a few units), so both sums are kept on values shifted by a
/// pivot near the window mean. Every `window` pushes the sums are recomputed from the window
/// with a fresh pivot, which also stops running-sum drift on an endless feed. A constant
/// window therefore yields exactly zero variance.
///
/// `afterPush(_:)` is the one place the next sums are computed; `push` stores its result, so
/// a preview of the forming bar rounds exactly as committing it would.
struct RollingMoments: Sendable {
    /// The shifted sums of a window and the statistics read from them.
    struct Sums: Sendable {
        var pivot: Double
        var shiftedSum: Double
        var shiftedSquares: Double
        var count: Int

        var mean: Double { pivot + shiftedSum / Double(count) }

        /// Population variance (divide by n), clamped at zero like TA-Lib's `TA_IS_ZERO_OR_NEG` test.
        var variance: Double {
            let n = Double(count)
            let m = shiftedSum / n
            let v = shiftedSquares / n - m * m
            return v > 0 ? v : 0
        }
    }

    private var values: RingBuffer
    private var sums = Sums(pivot: 0, shiftedSum: 0, shiftedSquares: 0, count: 0)
    private var pushesSinceExactSum = 0

    init(window: Int) {
        values = RingBuffer(capacity: window)
    }

    var isFull: Bool { values.isFull }
    /// Whether the window is full once one more value is pushed.
    var isFullAfterPush: Bool { values.count + 1 >= values.capacity }

    var mean: Double { sums.mean }
    var variance: Double { sums.variance }
    var current: Sums { sums }

    private var recomputesOnNextPush: Bool {
        values.isFull && pushesSinceExactSum + 1 >= values.capacity
    }

    /// The sums `push(value)` would leave, without pushing.
    func afterPush(_ value: Double) -> Sums {
        var next = sums
        guard values.isFull else {
            if values.count == 0 { next.pivot = value }
            let d = value - next.pivot
            next.shiftedSum += d
            next.shiftedSquares += d * d
            next.count += 1
            return next
        }
        guard recomputesOnNextPush else {
            let d = value - next.pivot
            let e = values.oldest - next.pivot
            next.shiftedSum += d - e
            next.shiftedSquares += d * d - e * e
            return next
        }
        // Fresh pivot and sums over the window after the push, oldest first: everything but
        // the evicted value, then `value`.
        let n = values.capacity
        var plain = 0.0
        for i in 1..<n { plain += values[i] }
        plain += value
        let pivot = plain / Double(n)
        var s = 0.0
        var q = 0.0
        for i in 1..<n {
            let d = values[i] - pivot
            s += d
            q += d * d
        }
        let d = value - pivot
        s += d
        q += d * d
        return Sums(pivot: pivot, shiftedSum: s, shiftedSquares: q, count: n)
    }

    mutating func push(_ value: Double) {
        let next = afterPush(value)
        let recomputes = recomputesOnNextPush
        if values.push(value) != nil {
            pushesSinceExactSum = recomputes ? 0 : pushesSinceExactSum + 1
        }
        sums = next
    }
}
