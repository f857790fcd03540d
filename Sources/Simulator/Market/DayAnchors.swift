import Foundation

/// The price at the start of each UTC day, a slow random walk that mean-reverts to the
/// symbol's base level, with bull/bear/chop and calm/volatile regimes lasting days to weeks.
/// It starts at a fixed day (2020-01-01), so a day's anchor depends only on (seed, symbol,
/// day), never on when a simulator started or how much history it keeps.
struct DayAnchors: Sendable {
    static let firstDay: Int64 = 18_262

    let seed: UInt64
    let symbolIndex: Int
    let spec: SymbolSpec
    private var logPrices: [Double] = []
    private var trend = 0.0
    private var volatile = false

    init(seed: UInt64, symbolIndex: Int, spec: SymbolSpec) {
        self.seed = seed
        self.symbolIndex = symbolIndex
        self.spec = spec
        logPrices = [Foundation.log(spec.basePrice)]
    }

    /// Natural log of the anchor price at 00:00 UTC of `day` (days since the epoch).
    mutating func logPrice(day: Int64) -> Double {
        guard day > DayAnchors.firstDay else { return logPrices[0] }
        let offset = Int(day - DayAnchors.firstDay)
        let mean = Foundation.log(spec.basePrice)
        while logPrices.count <= offset {
            let d = UInt64(DayAnchors.firstDay) + UInt64(logPrices.count)
            var rng = RandomSource(seed, UInt64(symbolIndex), 0xDA_7A, d)
            if rng.uniform() < 0.08 { trend = [-1.0, 0, 0, 1][rng.below(4)] }
            if rng.uniform() < (volatile ? 0.2 : 0.07) { volatile.toggle() }
            let sigma = spec.dailyVolatility * (volatile ? 1.6 : 0.8)
            let x = logPrices[logPrices.count - 1]
            let next = x + 0.05 * (mean - x) + trend * 0.15 * spec.dailyVolatility + sigma * rng.gaussian()
            logPrices.append(next)
        }
        return logPrices[offset]
    }
}
