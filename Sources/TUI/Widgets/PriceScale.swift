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

    /// Round label values ("nice numbers": 1, 2, 2.5, 5 × 10^k) about `spacing` rows apart.
    func ticks(spacing: Int) -> [Double] {
        let wanted = max(1, rows / max(1, spacing))
        let step = PriceScale.niceStep(range: high - low, count: wanted)
        guard step > 0, step.isFinite else { return [] }
        var t = (low / step).rounded(.up) * step
        var result: [Double] = []
        while t <= high + step * 1e-9 && result.count < 64 {
            result.append(t)
            t += step
        }
        return result
    }

    static func niceStep(range: Double, count: Int) -> Double {
        guard range > 0, count > 0 else { return 0 }
        let raw = range / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * magnitude >= raw {
            return m * magnitude
        }
        return 10 * magnitude
    }
}
