import Foundation
import MarketModel

/// `GET /api/v3/exchangeInfo`, reduced to what a price monitor uses.
public struct ExchangeInfo: Sendable, Hashable {
    public var serverTime: Int64?
    public var rateLimits: [RateLimit]
    public var symbols: [SymbolInfo]

    public init(serverTime: Int64?, rateLimits: [RateLimit], symbols: [SymbolInfo]) {
        self.serverTime = serverTime
        self.rateLimits = rateLimits
        self.symbols = symbols
    }

    public func info(for symbol: Symbol) -> SymbolInfo? {
        symbols.first { $0.symbol == symbol }
    }

    /// Unknown filter types are ignored: Binance keeps adding them.
    public init(decoding body: Data) throws(RestDecodeError) {
        let what = "exchangeInfo response"
        let wire = try RestDecoder.decode(Wire.self, from: body, what: what)
        var symbols: [SymbolInfo] = []
        symbols.reserveCapacity(wire.symbols.count)
        for (index, s) in wire.symbols.enumerated() {
            func decimal(_ text: String?, _ name: String) throws(RestDecodeError) -> ExactDecimal? {
                guard let text else { return nil }
                guard let value = ExactDecimal(text) else {
                    throw .invalidRow(what: what, row: index, detail: "\(name) \"\(text)\" of \(s.symbol) is not a decimal")
                }
                return value.isZero ? nil : value
            }
            var tick: ExactDecimal?, step: ExactDecimal?, notional: ExactDecimal?
            for filter in s.filters {
                switch filter.filterType {
                case "PRICE_FILTER": tick = try decimal(filter.tickSize, "tickSize")
                case "LOT_SIZE": step = try decimal(filter.stepSize, "stepSize")
                // Symbols may carry both; they agree when they do, and NOTIONAL is the newer one.
                case "MIN_NOTIONAL":
                    let value = try decimal(filter.minNotional, "minNotional")
                    notional = notional ?? value
                case "NOTIONAL":
                    let value = try decimal(filter.minNotional, "minNotional")
                    notional = value ?? notional
                default: break
                }
            }
            // A name too long to hold (none on Binance, whose names are at most 20 bytes) is left
            // out rather than cut short: it could never match a stream.
            guard let symbol = Symbol(exchangeName: s.symbol) else { continue }
            let precision = tick.map(SymbolInfo.decimals(ofTickSize:)) ?? s.quoteAssetPrecision ?? s.quotePrecision ?? 8
            symbols.append(SymbolInfo(symbol: symbol, status: s.status,
                                      baseAsset: s.baseAsset, quoteAsset: s.quoteAsset,
                                      tickSize: tick, stepSize: step, minNotional: notional,
                                      pricePrecision: precision))
        }
        self.init(serverTime: wire.serverTime, rateLimits: wire.rateLimits ?? [], symbols: symbols)
    }

    private struct Wire: Decodable {
        var serverTime: Int64?
        var rateLimits: [RateLimit]?
        var symbols: [WireSymbol]
    }

    private struct WireSymbol: Decodable {
        var symbol: String
        var status: String
        var baseAsset: String
        var quoteAsset: String
        var quotePrecision: Int?
        var quoteAssetPrecision: Int?
        var filters: [WireFilter]
    }

    /// Reads only the fields of the filter types used, so a new filter type, or a known field
    /// name with another type in an unknown filter, cannot fail the whole response.
    private struct WireFilter: Decodable {
        var filterType: String
        var tickSize: String?
        var stepSize: String?
        var minNotional: String?

        enum CodingKeys: String, CodingKey { case filterType, tickSize, stepSize, minNotional }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            filterType = try c.decode(String.self, forKey: .filterType)
            switch filterType {
            case "PRICE_FILTER": tickSize = try c.decode(String.self, forKey: .tickSize)
            case "LOT_SIZE": stepSize = try c.decode(String.self, forKey: .stepSize)
            case "MIN_NOTIONAL", "NOTIONAL": minNotional = try c.decodeIfPresent(String.self, forKey: .minNotional)
            default: break
            }
        }
    }
}
