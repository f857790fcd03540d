import Foundation
import MarketModel
import MarketState
import TUI

/// Turns a symbol's order flow (the store's synced book and trades) into the ladder and the tape.
enum FlowViewBuilder {
    /// Levels per side grouped for the ladder (more than any pane shows).
    static let ladderDepth = 60
    static let tapeRows = 100

    static func ladder(symbol: Symbol, flow: SymbolFlow?, decimals: Int, grouping: BookGrouping) -> LadderView {
        guard let flow, let book = flow.book else {
            return LadderView(symbol: symbol.name, grouping: grouping.label, resyncing: (flow?.resyncs ?? 0) > 0)
        }
        let step = pow(10, Double(-decimals)) * Double(grouping.multiple)
        let last = flow.lastTrade?.price.doubleValue
        // The last trade is marked once: on the ask side when it traded at or above the best ask.
        let lastSide: LadderView.Level.Side = (last ?? 0) >= (book.asks.first?.price.doubleValue ?? .infinity) ? .ask : .bid
        func group(_ levels: [PriceLevel], side: LadderView.Level.Side) -> [LadderView.Level] {
            // Bids round down to their level, asks up: a level holds the prices a trader would get there.
            func bucket(_ price: Double) -> Int64 {
                let ratio = price / step
                return Int64(side == .bid ? (ratio + 1e-9).rounded(.down) : (ratio - 1e-9).rounded(.up))
            }
            let lastBucket = side == lastSide ? last.map(bucket) : nil
            var buckets: [(Int64, Double)] = []
            for level in levels {
                let bucket = bucket(level.price.doubleValue)
                if buckets.last?.0 == bucket {
                    buckets[buckets.count - 1].1 += level.quantity.doubleValue
                } else {
                    if buckets.count == ladderDepth { break }
                    buckets.append((bucket, level.quantity.doubleValue))
                }
            }
            var cumulative = 0.0
            return buckets.map { bucket, size in
                cumulative += size
                let price = Double(bucket) * step
                return LadderView.Level(side: side, price: Formatting.price(price, decimals: decimals, grouped: false),
                                        size: size, cumulative: cumulative, lastTrade: bucket == lastBucket)
            }
        }
        let bids = group(book.bids, side: .bid), asks = group(book.asks, side: .ask)
        var spread: String?
        if let bid = book.bids.first?.price.doubleValue, let ask = book.asks.first?.price.doubleValue {
            spread = Formatting.price(ask - bid, decimals: decimals, grouped: false)
        }
        let near = 10
        let bidSize = bids.prefix(near).map(\.size).reduce(0, +), askSize = asks.prefix(near).map(\.size).reduce(0, +)
        let imbalance = bidSize + askSize > 0 ? (bidSize - askSize) / (bidSize + askSize) : nil
        return LadderView(symbol: symbol.name, asks: asks, bids: bids, spread: spread, imbalance: imbalance,
                          grouping: grouping.label, resyncing: false)
    }

    /// Newest first; trades of one second at one price and side collapse into one line; lines at
    /// or above the `largePercentile`th percentile of the last 1,000 trades' sizes are highlighted.
    static func tape(symbol: Symbol, flow: SymbolFlow?, decimals: Int, largePercentile: Double = 95) -> TapeView {
        guard let trades = flow?.trades, !trades.isEmpty else { return TapeView(symbol: symbol.name) }
        let sizes = trades.map(\.quantity.doubleValue).sorted()
        let rank = Int(Double(sizes.count) * min(100, max(0, largePercentile)) / 100)
        let threshold: Double? = sizes.count >= 20 ? sizes[min(sizes.count - 1, rank)] : nil
        var rows: [TapeView.Row] = []
        var current: (second: Int64, price: ExactDecimal, buy: Bool, size: Double, count: Int)?
        func flush() {
            guard let c = current else { return }
            rows.append(TapeView.Row(time: clock(c.second), price: Formatting.price(c.price, decimals: decimals, grouped: false),
                                     size: sizeText(c.size), buy: c.buy, large: threshold.map { (t: Double) in c.size >= t } ?? false,
                                     count: c.count))
        }
        for trade in trades.reversed() {
            let second = trade.time / 1000, buy = !trade.isBuyerMaker
            if let c = current, c.second == second, c.price == trade.price, c.buy == buy {
                current?.size += trade.quantity.doubleValue
                current?.count += 1
                continue
            }
            flush()
            if rows.count == tapeRows { current = nil; break }
            current = (second, trade.price, buy, trade.quantity.doubleValue, 1)
        }
        flush()
        return TapeView(symbol: symbol.name, rows: rows, threshold: threshold.map { (t: Double) -> String in "large ≥ " + sizeText(t) })
    }

    /// HH:MM:SS (UTC) of an epoch second.
    private static func clock(_ second: Int64) -> String {
        let s = ((second % 86_400) + 86_400) % 86_400
        return String(format: "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }

    /// A size with at most five decimals and no trailing zeros.
    private static func sizeText(_ value: Double) -> String {
        var text = String(format: "%.5f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
