import Foundation
import MarketModel

extension RestDecoder {
    /// `GET /api/v3/ticker/24hr` (one object, or an array for several symbols), FULL or MINI
    /// type, to fill a watchlist before the streams deliver. The REST body has no event time;
    /// the window's close time stands in for it.
    public static func tickers24h(_ body: Data) throws(RestDecodeError) -> [Ticker24h] {
        let what = "24hr ticker response"
        let wires: [TickerWire]
        if body.first(where: { !$0.isWhitespace }) == UInt8(ascii: "[") {
            wires = try decode([TickerWire].self, from: body, what: what)
        } else {
            wires = [try decode(TickerWire.self, from: body, what: what)]
        }
        var result: [Ticker24h] = []
        for (index, w) in wires.enumerated() {
            func value(_ text: String?, _ name: String) throws(RestDecodeError) -> ExactDecimal? {
                guard let text else { return nil }
                guard let value = ExactDecimal(text) else {
                    throw .invalidRow(what: what, row: index, detail: "\(name) \"\(text)\" is not a decimal")
                }
                return value
            }
            func required(_ text: String, _ name: String) throws(RestDecodeError) -> ExactDecimal {
                guard let value = ExactDecimal(text) else {
                    throw .invalidRow(what: what, row: index, detail: "\(name) \"\(text)\" is not a decimal")
                }
                return value
            }
            guard let symbol = Symbol(exchangeName: w.symbol) else {
                throw .invalidRow(what: what, row: index, detail: "symbol \"\(w.symbol.prefix(40))\" is longer than \(Symbol.capacity) bytes")
            }
            var t = Ticker24h(symbol: symbol, eventTime: w.closeTime,
                              isMini: w.priceChange == nil,
                              last: try required(w.lastPrice, "lastPrice"),
                              open: try required(w.openPrice, "openPrice"),
                              high: try required(w.highPrice, "highPrice"),
                              low: try required(w.lowPrice, "lowPrice"),
                              volume: try required(w.volume, "volume"),
                              quoteVolume: try required(w.quoteVolume, "quoteVolume"))
            t.priceChange = try value(w.priceChange, "priceChange")
            t.priceChangePercent = try value(w.priceChangePercent, "priceChangePercent")
            t.weightedAveragePrice = try value(w.weightedAvgPrice, "weightedAvgPrice")
            t.lastQuantity = try value(w.lastQty, "lastQty")
            t.bidPrice = try value(w.bidPrice, "bidPrice")
            t.bidQuantity = try value(w.bidQty, "bidQty")
            t.askPrice = try value(w.askPrice, "askPrice")
            t.askQuantity = try value(w.askQty, "askQty")
            t.statsOpenTime = w.openTime
            t.statsCloseTime = w.closeTime
            t.firstTradeId = w.firstId
            t.lastTradeId = w.lastId
            t.tradeCount = w.count
            result.append(t)
        }
        return result
    }

    private struct TickerWire: Decodable {
        var symbol: String
        var priceChange: String?
        var priceChangePercent: String?
        var weightedAvgPrice: String?
        var lastPrice: String
        var lastQty: String?
        var bidPrice: String?
        var bidQty: String?
        var askPrice: String?
        var askQty: String?
        var openPrice: String
        var highPrice: String
        var lowPrice: String
        var volume: String
        var quoteVolume: String
        var openTime: Int64
        var closeTime: Int64
        var firstId: Int64?
        var lastId: Int64?
        var count: Int64?
    }
}

private extension UInt8 {
    var isWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}
