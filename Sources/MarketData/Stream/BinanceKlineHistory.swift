import Binance
import Foundation
import MarketModel

/// Backfill over Binance's REST API: `/api/v3/klines` pages and `/api/v3/time`.
public struct BinanceKlineHistory: KlineHistory {
    public let rest: RestClient

    public init(rest: RestClient) {
        self.rest = rest
    }

    public func klines(symbol: Symbol, interval: Interval, startTime: Int64, limit: Int) async throws -> [Candle] {
        let response = try await rest.get("/api/v3/klines", query: [
            ("symbol", symbol.name), ("interval", interval.rawValue),
            ("startTime", String(startTime)), ("limit", String(min(max(limit, 1), 1000))),
        ], weight: 2)
        // The closed flag is decided by the caller against the server's clock.
        return try RestDecoder.klines(Data(response.body), symbol: symbol, interval: interval, now: Int64.min)
    }

    public func serverTime() async throws -> Int64 {
        let response = try await rest.get("/api/v3/time", weight: 1)
        return try RestDecoder.serverTime(Data(response.body))
    }

    public func exchangeInfo() async throws -> ExchangeInfo {
        let response = try await rest.get("/api/v3/exchangeInfo", weight: 20)
        return try ExchangeInfo(decoding: Data(response.body))
    }
}
