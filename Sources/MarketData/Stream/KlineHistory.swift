import MarketModel

/// Where backfill gets closed candles: the venue's REST API in production, anything in tests.
public protocol KlineHistory: Sendable {
    /// Up to `limit` candles from `startTime` (oldest first), the exchange's forming bar included
    /// when the range reaches it.
    func klines(symbol: Symbol, interval: Interval, startTime: Int64, limit: Int) async throws -> [Candle]
    /// The exchange's clock, which decides which bars are closed.
    func serverTime() async throws -> Int64
}
