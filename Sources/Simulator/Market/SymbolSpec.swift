import MarketModel

/// One listed market: its assets, tick and lot sizes, and the character of its price path.
/// Tick and step are powers of ten, and their decimals add up to at most 8 so that every
/// quote volume (price x quantity) is exact at Binance's 8 decimals.
struct SymbolSpec: Sendable {
    var symbol: Symbol
    var baseAsset: String
    var quoteAsset: String
    /// The level the long-run price mean-reverts to.
    var basePrice: Double
    /// Tick size 10^-tickDecimals.
    var tickDecimals: Int
    /// Lot step 10^-stepDecimals.
    var stepDecimals: Int
    var minNotional: Int
    /// Typical daily volatility of log price (0.03 = 3 %).
    var dailyVolatility: Double
    /// Mean number of taker orders a minute in a normal regime.
    var ordersPerMinute: Double
    /// Mean notional of one fill, in quote currency.
    var meanFillNotional: Double

    var quoteScale: Int { tickDecimals + stepDecimals }

    static let all: [SymbolSpec] = [
        spec("BTC", 60_000, tick: 2, step: 5, vol: 0.030, orders: 40, notional: 1_500),
        spec("ETH", 3_000, tick: 2, step: 4, vol: 0.035, orders: 35, notional: 1_000),
        spec("BNB", 580, tick: 2, step: 3, vol: 0.030, orders: 20, notional: 600),
        spec("SOL", 150, tick: 2, step: 3, vol: 0.045, orders: 30, notional: 500),
        spec("XRP", 0.55, tick: 4, step: 1, vol: 0.040, orders: 25, notional: 400),
        spec("ADA", 0.45, tick: 4, step: 1, vol: 0.045, orders: 20, notional: 300),
        spec("DOGE", 0.12, tick: 5, step: 0, vol: 0.050, orders: 25, notional: 300),
        spec("SHIB", 0.00002, tick: 8, step: 0, vol: 0.055, orders: 15, notional: 300),
        spec("LTC", 80, tick: 2, step: 3, vol: 0.035, orders: 15, notional: 300),
        spec("LINK", 14, tick: 2, step: 2, vol: 0.045, orders: 15, notional: 300),
    ]

    private static func spec(_ base: String, _ price: Double, tick: Int, step: Int, vol: Double,
                             orders: Double, notional: Double) -> SymbolSpec {
        SymbolSpec(symbol: Symbol(base + "USDT")!, baseAsset: base, quoteAsset: "USDT",
                   basePrice: price, tickDecimals: tick, stepDecimals: step, minNotional: 5,
                   dailyVolatility: vol, ordersPerMinute: orders, meanFillNotional: notional)
    }
}
