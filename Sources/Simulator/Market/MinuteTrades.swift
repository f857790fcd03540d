import Foundation

/// One taker order as it hits the book: one aggregate trade made of 1...3 fills at one price.
struct TradeEvent: Sendable, Equatable {
    var time: Int64
    var price: Int64
    /// Sum of the fills' quantities, in lot steps.
    var quantity: Int64
    var buyerIsMaker: Bool
    var aggregateId: Int64
    var firstTradeId: Int64
    var fillCount: Int32
    /// Index of the first fill in `MinuteTrades.fills`.
    var fillStart: Int32

    var lastTradeId: Int64 { firstTradeId + Int64(fillCount) - 1 }
}

/// What one minute's trades are generated from; stored so the minute can be regenerated alone.
struct MinuteRecipe: Sendable, Equatable {
    var minuteOpen: Int64
    /// Price of the last trade before the minute (where its walk starts), in ticks.
    var startPrice: Int64
    /// Where the minute's walk is pulled towards, in ticks.
    var targetPrice: Int64
    var orders: Int32
    /// Noise of one step of the walk, in ticks.
    var noiseTicks: Double
    var meanFillSteps: Double
    var firstTradeId: Int64
    var firstAggregateId: Int64
}

/// All trades of one minute, in time order.
struct MinuteTrades: Sendable {
    var events: [TradeEvent]
    /// Quantities of the individual fills, in lot steps.
    var fills: [Int64]

    /// Pure function of (seed, symbol, recipe): the same minute always trades the same way.
    static func generate(seed: UInt64, symbolIndex: Int, recipe: MinuteRecipe) -> MinuteTrades {
        var collected: MinuteTrades? = MinuteTrades(events: [], fills: [])
        collected!.events.reserveCapacity(Int(recipe.orders))
        collected!.fills.reserveCapacity(Int(recipe.orders) * 2)
        _ = walk(seed: seed, symbolIndex: symbolIndex, recipe: recipe, into: &collected)
        var trades = collected!
        // Times come from their own random stream, so the summary path can skip them.
        var clock = RandomSource(seed, UInt64(symbolIndex), 0x71_3E, UInt64(bitPattern: recipe.minuteOpen))
        var offsets = (0..<trades.events.count).map { _ in Int64(clock.below(60_000)) }
        offsets.sort()
        for k in trades.events.indices { trades.events[k].time = recipe.minuteOpen + offsets[k] }
        return trades
    }

    /// The minute's 1m candle without keeping its trades: the same walk as `generate`, and
    /// far cheaper, which is what makes weeks of history affordable in a debug build.
    static func summarize(seed: UInt64, symbolIndex: Int, recipe: MinuteRecipe) -> (candle: CandleAggregate, trades: Int64) {
        var none: MinuteTrades? = nil
        let candle = walk(seed: seed, symbolIndex: symbolIndex, recipe: recipe, into: &none)
        return (candle, candle.trades)
    }

    private static func walk(seed: UInt64, symbolIndex: Int, recipe: MinuteRecipe,
                             into trades: inout MinuteTrades?) -> CandleAggregate {
        var rng = RandomSource(seed, UInt64(symbolIndex), 0x7_4ADE, UInt64(bitPattern: recipe.minuteOpen))
        let count = Int(recipe.orders)
        var candle = CandleAggregate(openTime: recipe.minuteOpen, closeTime: recipe.minuteOpen + 59_999,
                                     price: recipe.startPrice)
        var price = recipe.startPrice
        var tradeId = recipe.firstTradeId
        let maxFill = max(1, Int64(recipe.meanFillSteps * 25))
        for k in 0..<count {
            let remaining = Double(count - k)
            let drift = Double(recipe.targetPrice - price) / remaining
            let step = drift + recipe.noiseTicks * rng.gaussian()
            let next = max(1, price + Int64(step.rounded()))
            let buyerIsMaker = next < price ? true : (next > price ? false : rng.uniform() < 0.5)
            price = next
            let u = rng.uniform()
            let fillCount = u < 0.7 ? 1 : (u < 0.9 ? 2 : 3)
            var total: Int64 = 0
            let fillStart = trades?.fills.count ?? 0
            for _ in 0..<fillCount {
                // Log-normal sizes with the wanted mean: many small fills, a few large ones.
                let size = recipe.meanFillSteps * Foundation.exp(0.9 * rng.gaussian() - 0.405)
                let q = min(maxFill, max(1, Int64(size.rounded())))
                trades?.fills.append(q)
                total += q
            }
            let event = TradeEvent(time: recipe.minuteOpen, price: price, quantity: total, buyerIsMaker: buyerIsMaker,
                                   aggregateId: recipe.firstAggregateId + Int64(k), firstTradeId: tradeId,
                                   fillCount: Int32(fillCount), fillStart: Int32(fillStart))
            candle.add(event)
            trades?.events.append(event)
            tradeId += Int64(fillCount)
        }
        return candle
    }

    var tradeCount: Int64 { Int64(fills.count) }
}
