/// A synthetic order book that follows the last trade: one tick of spread, a hundred
/// contiguous levels a side, quantities that churn. Every change takes one update id, so a
/// client that keeps a local book from a REST snapshot plus diffs sees the documented
/// `U == previous u + 1` sequencing.
struct OrderBook {
    static let depth: Int64 = 100

    private(set) var bids: [Int64: Int64] = [:]
    private(set) var asks: [Int64: Int64] = [:]
    private(set) var bestBid: Int64 = 0
    private(set) var bestAsk: Int64 = 0
    private(set) var lastUpdateId: Int64
    private var rng: RandomSource
    private let meanQuantity: Double

    init(seed: UInt64, symbolIndex: Int, price: Int64, meanQuantity: Double) {
        rng = RandomSource(seed, UInt64(symbolIndex), 0xB00C)
        lastUpdateId = 3_000_000_000 + Int64(symbolIndex) * 100_000_000 + Int64(rng.below(1_000_000))
        self.meanQuantity = max(1, meanQuantity)
        _ = step(lastPrice: price, lastWasSell: true)
    }

    private mutating func quantity() -> Int64 {
        max(1, Int64((meanQuantity * (0.2 + 3 * rng.uniform() * rng.uniform())).rounded()))
    }

    /// Moves the book to the last trade and churns a few levels; nil when nothing changed.
    mutating func step(lastPrice: Int64, lastWasSell: Bool) -> BookDiff? {
        let bid = max(1, lastWasSell ? lastPrice : lastPrice - 1)
        let ask = bid + 1
        var diff = BookDiff(firstUpdateId: lastUpdateId + 1, finalUpdateId: lastUpdateId)
        let bidRange = max(1, bid - OrderBook.depth + 1)...bid
        let askRange = ask...(ask + OrderBook.depth - 1)
        for price in bids.keys where !bidRange.contains(price) {
            bids[price] = nil
            diff.bids[price] = 0
        }
        for price in asks.keys where !askRange.contains(price) {
            asks[price] = nil
            diff.asks[price] = 0
        }
        for price in bidRange where bids[price] == nil {
            let q = quantity()
            bids[price] = q
            diff.bids[price] = q
        }
        for price in askRange where asks[price] == nil {
            let q = quantity()
            asks[price] = q
            diff.asks[price] = q
        }
        for _ in 0..<(1 + rng.below(4)) {
            let offset = Int64(rng.below(20))
            let q = quantity()
            if rng.uniform() < 0.5 {
                let price = bid - offset
                if bids[price] != nil { bids[price] = q; diff.bids[price] = q }
            } else {
                let price = ask + offset
                if asks[price] != nil { asks[price] = q; diff.asks[price] = q }
            }
        }
        bestBid = bid
        bestAsk = ask
        let changes = Int64(diff.bids.count + diff.asks.count)
        guard changes > 0 else { return nil }
        lastUpdateId += changes
        diff.finalUpdateId = lastUpdateId
        return diff
    }

    /// Best `n` levels a side, best first.
    func top(_ n: Int) -> (bids: [(Int64, Int64)], asks: [(Int64, Int64)]) {
        var b: [(Int64, Int64)] = []
        var price = bestBid
        while b.count < n, price > bestBid - OrderBook.depth, price > 0 {
            if let q = bids[price] { b.append((price, q)) }
            price -= 1
        }
        var a: [(Int64, Int64)] = []
        price = bestAsk
        while a.count < n, price < bestAsk + OrderBook.depth {
            if let q = asks[price] { a.append((price, q)) }
            price += 1
        }
        return (b, a)
    }
}

/// Levels that changed between two update ids (quantity 0 removes a level).
struct BookDiff: Sendable {
    var firstUpdateId: Int64
    var finalUpdateId: Int64
    var bids: [Int64: Int64] = [:]
    var asks: [Int64: Int64] = [:]

    /// Folds a later diff in: the range grows, each level keeps its latest quantity.
    mutating func merge(_ later: BookDiff) {
        finalUpdateId = later.finalUpdateId
        for (p, q) in later.bids { bids[p] = q }
        for (p, q) in later.asks { asks[p] = q }
    }

    var sortedBids: [(Int64, Int64)] { bids.sorted { $0.key > $1.key }.map { ($0.key, $0.value) } }
    var sortedAsks: [(Int64, Int64)] { asks.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
}
