/// Neumaier-compensated running sum: cumulative sums over an unbounded live feed (VWAP) stay
/// within a couple of ulps of the exact sum instead of drifting with the number of bars.
struct CompensatedSum: Sendable {
    private var sum = 0.0
    private var compensation = 0.0

    var value: Double { sum + compensation }

    mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    mutating func reset() {
        sum = 0
        compensation = 0
    }
}
