import Foundation
import MarketData
import MarketModel

/// Binance's REST side: `/api/v3/klines` pages, `/api/v3/time`, `/api/v3/depth` snapshots and
/// `/api/v3/exchangeInfo`, through the venue-neutral `RestClient` and its weight budget.
public struct BinanceHistory: VenueHistory {
    public let rest: RestClient

    public init(rest: RestClient) {
        self.rest = rest
    }

    /// REST client options for Binance at `baseURL`: its weight header and 6000 a minute.
    public static func restOptions(baseURL: String = BinanceVenue.restURL) -> RestClientOptions {
        RestClientOptions(baseURL: baseURL, usedWeightHeader: BinanceVenue.usedWeightHeader)
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

    public func depthSnapshot(symbol: Symbol, limit: Int) async throws -> DepthSnapshot {
        // Weight by limit, as Binance charges it: 1-100: 5, 101-500: 25, 501-1000: 50, more: 250.
        let weight = limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250
        let response = try await rest.get("/api/v3/depth", query: [("symbol", symbol.name), ("limit", String(limit))],
                                          weight: weight)
        return try RestDecoder.depthSnapshot(Data(response.body))
    }

    public func exchangeInfo() async throws -> ExchangeInfo {
        let response = try await rest.get("/api/v3/exchangeInfo", weight: 20)
        return try ExchangeInfo(decoding: Data(response.body))
    }

    public func instruments() async throws -> [Instrument] {
        try await exchangeInfo().symbols.map {
            Instrument(symbol: $0.symbol, isTrading: $0.isTrading, priceDecimals: $0.pricePrecision,
                       tickSize: $0.tickSize, stepSize: $0.stepSize)
        }
    }
}
