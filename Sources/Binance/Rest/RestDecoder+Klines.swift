import Foundation
import MarketModel

extension RestDecoder {
    /// `GET /api/v3/klines` (and `uiKlines`): rows of
    /// `[openTime, "o", "h", "l", "c", "v", closeTime, "q", trades, "V", "Q", "0"]`.
    ///
    /// Binance does not say which row is still forming; without `endTime` the last one usually
    /// is. A row counts as closed when its close time is before `now` (epoch ms; pass the
    /// server's clock when known, since the local one may drift).
    public static func klines(_ body: Data, symbol: Symbol, interval: Interval, now: Int64) throws(RestDecodeError) -> [Candle] {
        let what = "klines response"
        let rows = try decode([KlineRow].self, from: body, what: what)
        var candles: [Candle] = []
        candles.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            candles.append(try row.candle(symbol: symbol, interval: interval, now: now, row: index, what: what))
        }
        return candles
    }
}

/// One kline row as text fields, converted to exact decimals after decoding so an error can
/// name the row and column.
struct KlineRow: Decodable {
    static let columnNames = ["open time", "open", "high", "low", "close", "volume", "close time",
                              "quote volume", "trade count", "taker buy base volume",
                              "taker buy quote volume"]
    var openTime: Int64
    var closeTime: Int64
    var trades: Int64
    /// Columns 1-5, 7, 9, 10 in order: open, high, low, close, volume, quote volume, taker buys.
    var decimals: [String]

    init(openTime: Int64, closeTime: Int64, trades: Int64, decimals: [String]) {
        self.openTime = openTime
        self.closeTime = closeTime
        self.trades = trades
        self.decimals = decimals
    }

    init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        openTime = try c.decode(Int64.self)
        decimals = []
        for _ in 0..<5 { decimals.append(try c.decode(String.self)) }
        closeTime = try c.decode(Int64.self)
        decimals.append(try c.decode(String.self))
        trades = try c.decode(Int64.self)
        decimals.append(try c.decode(String.self))
        decimals.append(try c.decode(String.self))
        // Column 11 is unused; later columns, if Binance ever adds any, are ignored.
    }

    func candle(symbol: Symbol, interval: Interval, now: Int64, row: Int, what: String) throws(RestDecodeError) -> Candle {
        var values: [ExactDecimal] = []
        values.reserveCapacity(decimals.count)
        let columns = [1, 2, 3, 4, 5, 7, 9, 10]
        for (i, text) in decimals.enumerated() {
            guard let value = ExactDecimal(text) else {
                let column = columns[i]
                throw .invalidRow(what: what, row: row,
                                  detail: "column \(column) (\(KlineRow.columnNames[column])) \"\(text)\" is not a decimal")
            }
            values.append(value)
        }
        return Candle(symbol: symbol, interval: interval, openTime: openTime, closeTime: closeTime,
                      open: values[0], high: values[1], low: values[2], close: values[3], volume: values[4],
                      quoteVolume: values[5], trades: trades,
                      takerBuyBaseVolume: values[6], takerBuyQuoteVolume: values[7],
                      isClosed: closeTime < now)
    }
}
