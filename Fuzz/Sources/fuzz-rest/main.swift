// Binance's REST bodies: klines, exchangeInfo, depth, 24h tickers, server time, error bodies
// and the data.binance.vision kline CSV. Each input goes through every decoder: an answer or a
// one-sentence error, never a crash; candles that decode keep their fields' invariants.
import Binance
import Foundation
import FuzzSupport
import MarketModel

let symbol = Symbol("BTCUSDT")!

func check(_ candles: [Candle], _ what: String) {
    for c in candles {
        // Every decimal prints back as a decimal the parser reads as the same value.
        for value in [c.open, c.high, c.low, c.close, c.volume, c.quoteVolume, c.takerBuyBaseVolume, c.takerBuyQuoteVolume] {
            guard ExactDecimal(value.description) == value else { fail("\(what): \(value) does not read back") }
        }
    }
}

runFuzzer { data, size in
    let body = Data(UnsafeRawBufferPointer(start: data, count: size))
    if let candles = try? RestDecoder.klines(body, symbol: symbol, interval: .m1, now: 1_700_000_000_000) {
        check(candles, "klines")
    }
    _ = try? ExchangeInfo(decoding: body)
    _ = try? RestDecoder.depthSnapshot(body)
    _ = try? RestDecoder.tickers24h(body)
    _ = try? RestDecoder.serverTime(body)
    let error = RestErrorBody(body: body)
    _ = error.description
    if let candles = try? RestDecoder.klinesCSV(String(decoding: body, as: UTF8.self), symbol: symbol,
                                                interval: .h1, now: 1_700_000_000_000) {
        check(candles, "kline CSV")
    }
    return 0
}
