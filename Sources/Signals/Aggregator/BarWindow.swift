/// The closes and volumes of the last closed bars, for the rules that look back a fixed number
/// of bars (% move, volume spike). Storage is allocated once.
struct BarWindow: Sendable {
    private var closes: [Double]
    private var volumes: [Double]
    /// Index of the newest value.
    private var newest = -1
    private(set) var count = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        closes = Array(repeating: .nan, count: self.capacity)
        volumes = Array(repeating: .nan, count: self.capacity)
    }

    mutating func push(close: Double, volume: Double) {
        newest += 1
        if newest == capacity { newest = 0 }
        closes[newest] = close
        volumes[newest] = volume
        if count < capacity { count += 1 }
    }

    /// 0 is the newest closed bar; NaN past what is held.
    func close(barsAgo k: Int) -> Double {
        guard k >= 0, k < count else { return .nan }
        return closes[slot(k)]
    }

    func volume(barsAgo k: Int) -> Double {
        guard k >= 0, k < count else { return .nan }
        return volumes[slot(k)]
    }

    /// Mean volume over `barsAgo` in `first ..< first + length`; NaN unless all are held.
    func meanVolume(from first: Int, length: Int) -> Double {
        guard first >= 0, length > 0, first + length <= count else { return .nan }
        var sum = 0.0
        for k in first..<(first + length) { sum += volumes[slot(k)] }
        return sum / Double(length)
    }

    private func slot(_ k: Int) -> Int {
        var i = newest - k
        if i < 0 { i += capacity }
        return i
    }
}
