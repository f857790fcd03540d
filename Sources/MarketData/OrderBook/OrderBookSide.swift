import MarketModel

/// One side of a book, kept sorted best-first so the top N is a prefix.
///
/// A sorted array beats a tree here: books hold up to 5000 levels, diffs touch a handful near
/// the top, and reads (the top N every frame) are far more frequent than inserts.
struct OrderBookSide: Sendable, Hashable {
    /// True for bids (best = highest price), false for asks (best = lowest).
    let descending: Bool
    private(set) var levels: [PriceLevel] = []

    init(descending: Bool) {
        self.descending = descending
    }

    /// Replaces the side; zero quantities are dropped and later duplicates win.
    mutating func replace(with newLevels: [PriceLevel]) {
        levels = []
        levels.reserveCapacity(newLevels.count)
        for level in newLevels { set(level) }
    }

    mutating func set(_ level: PriceLevel) {
        let (index, found) = position(of: level.price)
        if level.quantity.isZero {
            if found { levels.remove(at: index) }
        } else if found {
            levels[index] = level
        } else {
            levels.insert(level, at: index)
        }
    }

    mutating func removeAll() {
        levels.removeAll(keepingCapacity: true)
    }

    /// Binary search: where `price` is, or where it would go.
    private func position(of price: ExactDecimal) -> (index: Int, found: Bool) {
        var low = 0
        var high = levels.count
        while low < high {
            let mid = (low + high) / 2
            let other = levels[mid].price
            if other == price { return (mid, true) }
            if descending ? other > price : other < price {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return (low, false)
    }
}
