import Foundation
import MarketModel

/// One UTC day of one symbol: the recipe of each minute and its 1m candle. Within the day the
/// market switches between calm, normal and volatile regimes and between up, flat and down
/// trends (a few hours each), so indicators cross as they do on real charts; the path is
/// bridged to end at the next day's anchor, which keeps days independent of each other.
struct MarketDay: Sendable {
    static let minutes = 1_440
    static let idsPerDay: Int64 = 1_000_000

    var recipes: [MinuteRecipe]
    var candles: [CandleAggregate]

    static func generate(seed: UInt64, symbolIndex: Int, spec: SymbolSpec, day: Int64,
                         openLog: Double, nextOpenLog: Double) -> MarketDay {
        var rng = RandomSource(seed, UInt64(symbolIndex), 0xDA_11, UInt64(bitPattern: day))
        let sigma = spec.dailyVolatility / Double(minutes).squareRoot()
        let volMultiplier = [0.55, 1.0, 2.1]
        let intensity = [0.6, 1.0, 1.9]
        var regime = rng.below(3)
        var trend = [-1.0, 0, 0, 1][rng.below(4)]

        var returns = [Double](repeating: 0, count: minutes)
        var regimes = [Int](repeating: 0, count: minutes)
        var total = 0.0
        for m in 0..<minutes {
            if rng.uniform() < 1.0 / 200 { regime = rng.below(3) }
            if rng.uniform() < 1.0 / 150 { trend = [-1.0, 0, 0, 1][rng.below(4)] }
            var r = trend * 0.3 * sigma + sigma * volMultiplier[regime] * rng.gaussian()
            if rng.uniform() < 1.0 / 3_000 { r += (rng.uniform() < 0.5 ? -6 : 6) * sigma }
            returns[m] = r
            regimes[m] = regime
            total += r
        }
        let correction = (nextOpenLog - openLog - total) / Double(minutes)

        let tickScale = Foundation.pow(10.0, Double(spec.tickDecimals))
        let stepScale = Foundation.pow(10.0, Double(spec.stepDecimals))
        func ticks(_ logPrice: Double) -> Int64 { max(1, Int64((Foundation.exp(logPrice) * tickScale).rounded())) }

        var recipes: [MinuteRecipe] = []
        recipes.reserveCapacity(minutes)
        var candles: [CandleAggregate] = []
        candles.reserveCapacity(minutes)
        var price = ticks(openLog)
        var path = openLog
        var tradeId = day * idsPerDay
        var aggregateId = day * idsPerDay
        let dayOpen = day * Interval.day
        for m in 0..<minutes {
            path += returns[m] + correction
            let orders = Int32(min(150, max(1, (spec.ordersPerMinute * intensity[regimes[m]]
                * Foundation.exp(0.3 * rng.gaussian() - 0.045)).rounded())))
            let priceInQuote = Double(price) / tickScale
            let noise = sigma * volMultiplier[regimes[m]] * Double(price) / Double(orders).squareRoot() * 0.8
            let recipe = MinuteRecipe(minuteOpen: dayOpen + Int64(m) * Interval.minute, startPrice: price,
                                      targetPrice: ticks(path), orders: orders, noiseTicks: noise,
                                      meanFillSteps: max(1, spec.meanFillNotional / priceInQuote * stepScale),
                                      firstTradeId: tradeId, firstAggregateId: aggregateId)
            let (candle, tradeCount) = MinuteTrades.summarize(seed: seed, symbolIndex: symbolIndex, recipe: recipe)
            recipes.append(recipe)
            candles.append(candle)
            price = candle.close
            tradeId += tradeCount
            aggregateId += Int64(orders)
        }
        return MarketDay(recipes: recipes, candles: candles)
    }
}
