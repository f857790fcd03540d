import Indicators

/// What one rule evaluation sees: the bar under evaluation with its indicator values, and the
/// last closed bar before it with its committed values (for crosses).
struct Observation {
    let bar: Bar
    let values: [Double]
    let previousBar: Bar?
    let previousValues: [Double]
    let window: BarWindow
    /// True for a forming-bar preview: `window` then ends at the bar *before* `bar`.
    let isForming: Bool

    func field(_ f: BarField, previous: Bool) -> Double {
        let b: Bar
        if previous {
            guard let p = previousBar else { return .nan }
            b = p
        } else {
            b = bar
        }
        switch f {
        case .open: return b.open
        case .high: return b.high
        case .low: return b.low
        case .close: return b.close
        case .volume: return b.volume
        }
    }

    /// Close `n` bars before `bar`.
    func close(barsBefore n: Int) -> Double {
        window.close(barsAgo: isForming ? n - 1 : n)
    }

    /// Mean volume of the `n` closed bars before `bar`.
    func meanVolume(barsBefore n: Int) -> Double {
        window.meanVolume(from: isForming ? 0 : 1, length: n)
    }
}
