#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps prices to half-rows of a plot (two per text row: the half-block glyphs resolve that).
/// The highest price lands in the top half of the top row, the lowest in the bottom half of the
/// bottom row.
struct PriceScale {
    let low: Double
    let high: Double
    let rows: Int

    init(low: Double, high: Double, rows: Int) {
        var lo = low, hi = high
        if !(hi > lo) {
            let pad = max(abs(lo) * 0.001, 1e-9)
            lo -= pad
            hi += pad
        }
        self.low = lo
        self.high = hi
        self.rows = max(1, rows)
    }

    var halfRows: Int { rows * 2 }

    /// 0 is the top half of the top row.
    @inline(__always)
    func halfRow(_ price: Double) -> Int {
        let f = (high - price) / (high - low)
        return max(0, min(halfRows - 1, Int((f * Double(halfRows - 1)).rounded())))
    }

    @inline(__always)
    func row(_ price: Double) -> Int { halfRow(price) / 2 }

    /// Dot row for braille (four per text row); may fall outside 0..<rows*4 when the value is
    /// beyond the candles' range (the caller clips).
    @inline(__always)
    func dotRow(_ value: Double) -> Int {
        let f = (high - value) / (high - low)
        return Int((f * Double(rows * 4 - 1)).rounded())
    }

    /// The axis labels: round values (1, 2 or 5 × 10^k apart) inside the range, as many as fit
    /// with a free row between two labels, at most `maxLabels`, and at least four whenever the
    /// rows allow. When the step that gives four would give more than `maxLabels`, the labels
    /// farthest from the middle go: the spacing stays round.
    func axisTicks(maxLabels: Int = 8, minLabels: Int = 4) -> [Double] {
        let range = high - low
        guard range > 0, range.isFinite else { return [] }
        let fit = min(maxLabels, max(1, (rows + 1) / 2))
        let want = min(minLabels, fit)
        var exponent = Int(floor(log10(range / Double(max(1, fit))))) - 1
        var previous: [Double] = []
        while exponent < 400 {
            for m in [1.0, 2.0, 5.0] {
                let step = m * pow(10, Double(exponent))
                let ticks = PriceScale.multiples(of: step, from: low, to: high)
                if ticks.count <= fit {
                    if ticks.count >= want || previous.isEmpty { return ticks }
                    // The finer step overshoots: keep its middle `fit` labels.
                    let drop = previous.count - fit
                    return Array(previous[(drop / 2)..<(drop / 2 + fit)])
                }
                previous = ticks
            }
            exponent += 1
        }
        return []
    }

    /// Multiples of `step` in `low...high`, computed from integers so 0.1 steps do not drift.
    static func multiples(of step: Double, from low: Double, to high: Double) -> [Double] {
        guard step > 0, step.isFinite else { return [] }
        let first = (low / step - 1e-9).rounded(.up), last = (high / step + 1e-9).rounded(.down)
        // The caller starts near range/10 per label; the cap only guards against a bad range.
        guard first <= last, last - first < 10_000 else { return [] }
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }
}
