import Foundation
import MarketModel
import XCTest
@testable import Simulator

/// The market itself: candles fold exactly from trades, the path is a pure function of the
/// seed, and prices look like the markets a trader knows.
final class MarketTruthTests: XCTestCase {
    /// Folds trades fill by fill with the model's exact decimals: independent of the
    /// simulator's integer aggregation.
    private func fold(_ history: MarketHistory, symbol: Int, from: Int64, to: Int64) throws -> (o: ExactDecimal, h: ExactDecimal, l: ExactDecimal, c: ExactDecimal, v: ExactDecimal, q: ExactDecimal, n: Int64, firstId: Int64, lastId: Int64, gaps: Int)? {
        let spec = history.specs[symbol]
        var result: (o: ExactDecimal, h: ExactDecimal, l: ExactDecimal, c: ExactDecimal, v: ExactDecimal, q: ExactDecimal, n: Int64, firstId: Int64, lastId: Int64, gaps: Int)?
        var minute = from - from % 60_000
        while minute < to {
            let trades = history.trades(symbol, minute: minute)
            for event in trades.events where event.time >= from && event.time < to {
                let price = ExactDecimal(mantissa: event.price, scale: UInt8(spec.tickDecimals))
                for k in 0..<Int(event.fillCount) {
                    let steps = trades.fills[Int(event.fillStart) + k]
                    let qty = ExactDecimal(mantissa: steps, scale: UInt8(spec.stepDecimals))
                    let quote = ExactDecimal(mantissa: event.price * steps, scale: UInt8(spec.quoteScale))
                    let id = event.firstTradeId + Int64(k)
                    if var r = result {
                        r.h = Swift.max(r.h, price); r.l = Swift.min(r.l, price); r.c = price
                        r.v = try r.v + qty; r.q = try r.q + quote; r.n += 1
                        if id != r.lastId + 1 { r.gaps += 1 }
                        r.lastId = id
                        result = r
                    } else {
                        result = (price, price, price, price, qty, quote, 1, id, id, 0)
                    }
                }
            }
            minute += 60_000
        }
        return result
    }

    func testCandlesOfEveryIntervalFoldExactlyFromTrades() throws {
        let options = testOptions()
        let exchange = SimulatedExchange(options: options)
        let history = MarketHistory(seed: 1, specs: SymbolSpec.all, origin: exchange.historyStart)
        let btc = Symbol("BTCUSDT")!
        // 2024-02-29 was the first day of history; the February candle holds only it.
        let cases: [(Interval, Int64, Int64)] = [
            (.mo1, 1_706_745_600_000, 1_709_251_200_000),
            (.h1, 1_709_251_200_000, 1_709_265_600_000),
            (.m5, 1_709_262_000_000, 1_709_263_800_000),
            (.m1, 1_709_262_000_000, 1_709_262_600_000),
            (.s1, 1_709_262_000_000, 1_709_262_090_000),
        ]
        for (interval, from, to) in cases {
            let candles = exchange.truth(symbol: btc, interval: interval, from: from, to: to - 1)
            XCTAssertFalse(candles.isEmpty, "\(interval)")
            var previousLastId: Int64?
            for candle in candles {
                XCTAssertEqual(candle.closeTime, interval.closeTime(openTime: candle.openTime))
                let start = max(candle.openTime, exchange.historyStart)
                guard let f = try fold(history, symbol: 0, from: start, to: candle.closeTime + 1) else {
                    // Only a 1s candle may be empty: it carries the previous close, no volume.
                    XCTAssertEqual(interval, .s1)
                    XCTAssertEqual(candle.volume, .zero)
                    XCTAssertEqual(candle.open, candle.close)
                    continue
                }
                XCTAssertEqual(candle.open, f.o, "\(interval) \(candle.openTime) open")
                XCTAssertEqual(candle.high, f.h, "\(interval) \(candle.openTime) high")
                XCTAssertEqual(candle.low, f.l, "\(interval) \(candle.openTime) low")
                XCTAssertEqual(candle.close, f.c, "\(interval) \(candle.openTime) close")
                XCTAssertEqual(candle.volume, f.v, "\(interval) \(candle.openTime) volume")
                XCTAssertEqual(candle.quoteVolume, f.q, "\(interval) \(candle.openTime) quote volume")
                XCTAssertEqual(candle.trades, f.n)
                // Ids restart at each UTC day (a pure function of the day), so gaps only there.
                XCTAssertLessThanOrEqual(f.gaps, interval == .mo1 ? 1 : 0, "trade ids are contiguous")
                if let previousLastId { XCTAssertEqual(f.firstId, previousLastId + 1) }
                previousLastId = f.lastId
                XCTAssertLessThanOrEqual(candle.takerBuyBaseVolume, candle.volume)
            }
        }
        let months = exchange.truth(symbol: btc, interval: .mo1)
        XCTAssertEqual(months.map(\.openTime), [1_706_745_600_000], "Feb 2024 closed, March still forming")
        XCTAssertEqual(months.first?.closeTime, 1_709_251_199_999, "29 days of a leap-year February")
    }

    func testSameSeedSameTruthAcrossStartsDifferentSeedDiffers() {
        let a = SimulatedExchange(options: testOptions(seed: 7))
        let laterStart = testOptions(seed: 7, historyDays: 2, start: testStart + 2 * Interval.hour)
        let b = SimulatedExchange(options: laterStart)
        let c = SimulatedExchange(options: testOptions(seed: 8))
        let eth = Symbol("ETHUSDT")!
        let from = a.historyStart
        let truthA = a.truth(symbol: eth, interval: .m1, from: from)
        let truthB = b.truth(symbol: eth, interval: .m1, from: from, to: testStart - 60_000)
        XCTAssertGreaterThan(truthA.count, 1_500)
        XCTAssertEqual(truthA.count, truthB.count)
        XCTAssertTrue(truthA == truthB, "the path depends only on seed, symbol and time")
        let truthC = c.truth(symbol: eth, interval: .m1, from: from)
        XCTAssertEqual(truthA.count, truthC.count)
        XCTAssertFalse(truthA.map(\.close) == truthC.map(\.close), "another seed, another market")
    }

    func testPricesAreRealisticAndOnTick() {
        let exchange = SimulatedExchange(options: testOptions())
        for spec in SymbolSpec.all {
            let candles = exchange.truth(symbol: spec.symbol, interval: .h1)
            XCTAssertGreaterThanOrEqual(candles.count, 24)
            for candle in candles {
                let ratio = candle.close.doubleValue / spec.basePrice
                XCTAssertTrue((0.4...2.5).contains(ratio), "\(spec.symbol) at \(candle.close)")
                for price in [candle.open, candle.high, candle.low, candle.close] {
                    XCTAssertNotNil(price.rescaled(to: UInt8(spec.tickDecimals)), "\(spec.symbol) \(price) off tick")
                }
                XCTAssertNotNil(candle.volume.rescaled(to: UInt8(spec.stepDecimals)), "volume off lot step")
                XCTAssertLessThanOrEqual(candle.low, candle.open)
                XCTAssertGreaterThanOrEqual(candle.high, candle.close)
            }
        }
        let symbols = SimulatedExchange.defaultSymbols.map(\.name)
        for name in ["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "SHIBUSDT"] {
            XCTAssertTrue(symbols.contains(name), name)
        }
    }

    /// Volatility regimes and trends: the spread of returns changes through the day and
    /// moving averages cross as often as on a real chart, neither never nor constantly.
    func testRegimesAndTrendsMakeIndicatorsMove() {
        let exchange = SimulatedExchange(options: testOptions(historyDays: 1))
        let closes = exchange.truth(symbol: Symbol("BTCUSDT")!, interval: .m1).map(\.close.doubleValue)
        XCTAssertGreaterThan(closes.count, 1_440)
        let returns = zip(closes.dropFirst(), closes).map { Foundation.log($0 / $1) }
        let hourly = stride(from: 0, to: returns.count - 60, by: 60).map { start -> Double in
            let slice = returns[start..<start + 60]
            let mean = slice.reduce(0, +) / 60
            return (slice.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 60).squareRoot()
        }
        XCTAssertGreaterThan(hourly.max()! / hourly.min()!, 2, "calm and volatile hours")
        func sma(_ n: Int, _ i: Int) -> Double { closes[(i - n + 1)...i].reduce(0, +) / Double(n) }
        var crosses = 0
        for i in 22..<closes.count where (sma(9, i) > sma(21, i)) != (sma(9, i - 1) > sma(21, i - 1)) { crosses += 1 }
        XCTAssertTrue((10...300).contains(crosses), "\(crosses) SMA crosses in a day")
    }
}
