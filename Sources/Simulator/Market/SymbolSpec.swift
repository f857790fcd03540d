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
        // More of Binance's USDT pairs, for watchlists of 20 symbols and more; appended so that
        // the earlier symbols keep their index and so their seeded paths.
        spec("AVAX", 35, tick: 2, step: 2, vol: 0.050, orders: 15, notional: 300),
        spec("DOT", 7, tick: 3, step: 2, vol: 0.045, orders: 12, notional: 250),
        spec("TRX", 0.12, tick: 4, step: 1, vol: 0.030, orders: 12, notional: 250),
        spec("BCH", 400, tick: 1, step: 3, vol: 0.040, orders: 10, notional: 300),
        spec("ATOM", 9, tick: 3, step: 2, vol: 0.045, orders: 10, notional: 200),
        spec("UNI", 8, tick: 3, step: 2, vol: 0.050, orders: 10, notional: 200),
        spec("NEAR", 5, tick: 3, step: 1, vol: 0.055, orders: 12, notional: 250),
        spec("ETC", 25, tick: 2, step: 2, vol: 0.045, orders: 10, notional: 200),
        spec("FIL", 5, tick: 3, step: 2, vol: 0.055, orders: 10, notional: 200),
        spec("APT", 9, tick: 3, step: 2, vol: 0.055, orders: 12, notional: 250),
        spec("ARB", 0.9, tick: 4, step: 1, vol: 0.055, orders: 12, notional: 250),
        spec("PEPE", 0.000012, tick: 8, step: 0, vol: 0.070, orders: 20, notional: 300),
    ]

    private static func spec(_ base: String, _ price: Double, tick: Int, step: Int, vol: Double,
                             orders: Double, notional: Double) -> SymbolSpec {
        SymbolSpec(symbol: Symbol(base + "USDT")!, baseAsset: base, quoteAsset: "USDT",
                   basePrice: price, tickDecimals: tick, stepDecimals: step, minNotional: 5,
                   dailyVolatility: vol, ordersPerMinute: orders, meanFillNotional: notional)
    }
}
