@testable import App
import Foundation
import MarketData
import MarketModel
import Signals
import XCTest

/// A viewer reads back the lines the feed publishes (candles, health, signals): every field
/// it shows survives the trip.
final class FeedLineParseTests: XCTestCase {
    func testACandleLineReadsBackToTheSameBar() throws {
        let candle = Candle(symbol: Symbol("ETHUSDT")!, interval: .m5, openTime: 1_700_000_100_000, closeTime: 1_700_000_399_999,
                            open: ExactDecimal("2001.10000000")!, high: ExactDecimal("2010.5")!, low: ExactDecimal("1999.01")!,
                            close: ExactDecimal("2005.00000001")!, volume: ExactDecimal("12.34500000")!, trades: 77, isClosed: true)
        for backfilled in [true, false] {
            let line = JSONLine.candle(candle, backfilled: backfilled)
            let parsed = try XCTUnwrap(JSONLine.parseCandle(Array(line.utf8)))
            XCTAssertEqual(parsed.candle, candle)
            XCTAssertEqual(parsed.backfilled, backfilled)
            XCTAssertEqual(JSONLine.candle(parsed.candle, backfilled: backfilled), line, "printed again, the same line")
        }
    }

    func testTradeAndBookTopLinesReadBackToTheSameEvents() throws {
        let btc = Symbol("BTCUSDT")!
        for maker in [true, false] {
            let trade = Trade(kind: .trade, symbol: btc, eventTime: 1_700_000_000_123, id: 42, price: ExactDecimal("65000.01000000")!,
                              quantity: ExactDecimal("0.00120000")!, time: 1_700_000_000_123, isBuyerMaker: maker)
            let line = JSONLine.trade(trade)
            let parsed = try XCTUnwrap(JSONLine.parseTrade(Array(line.utf8)))
            XCTAssertEqual(JSONLine.trade(parsed), line, "printed again, the same line")
            XCTAssertEqual(parsed.isBuyerMaker, maker)
        }
        let top = BookTop(symbol: btc, updateId: 9_001, bidPrice: ExactDecimal("64999.99")!, bidQuantity: ExactDecimal("1.5")!,
                          askPrice: ExactDecimal("65000.00")!, askQuantity: ExactDecimal("0.25000000")!)
        let line = JSONLine.bookTop(top)
        XCTAssertEqual(JSONLine.parseBookTop(Array(line.utf8)), top)
        for text in [#"{"type":"trade","symbol":"BTCUSDT","id":1}"#, line.replacingOccurrences(of: "book_top", with: "trade"),
                     JSONLine.trade(Trade(kind: .trade, symbol: btc, eventTime: 1, id: 1, price: .zero, quantity: .zero, time: 1,
                                          isBuyerMaker: true)).replacingOccurrences(of: "sell", with: "short")] {
            XCTAssertNil(JSONLine.parseTrade(Array(text.utf8)), text)
            XCTAssertNil(JSONLine.parseBookTop(Array(text.utf8)), text)
        }
    }

    func testAnythingButACandleLineIsNotACandle() {
        for text in [#"{"type":"signal","symbol":"BTCUSDT"}"#, "not json", #"{"type":"candle","symbol":"BTC-USDT"}"#] {
            XCTAssertNil(JSONLine.parseCandle(Array(text.utf8)), text)
        }
    }

    func testAHealthLineReadsBackToTheSameHealth() throws {
        let health = FeedHealth(state: .reconnecting,
                                connections: [ConnectionHealth(id: 2, state: .reconnecting, streams: 4, lastMessageAge: nil,
                                                               messagesPerSecond: 0, reconnects: 3, lastError: "refused")],
                                lastMessageAge: 1.5, messagesPerSecond: 12.25, reconnects: 3, rotations: 1, lastError: "refused",
                                backfilling: 2, restWeightUsed: 40, breaker: "open", decodeErrors: 5)
        let parsed = try XCTUnwrap(JSONLine.parseHealth(Array(JSONLine.health(health).utf8)))
        XCTAssertEqual(JSONLine.health(parsed), JSONLine.health(health), "printed again, the same line")
        XCTAssertEqual(parsed.state, .reconnecting)
        XCTAssertEqual(parsed.lastError, "refused")
    }

    func testASignalLineReadsBackToTheSameSignal() throws {
        let signal = Signal(time: 1_700_000_399_999, symbol: Symbol("BTCUSDT")!, interval: .m1, rule: "rsi", direction: .bearish,
                            strength: 0.75, price: ExactDecimal("61000.5")!, reason: "RSI(14) rose above 70 (71.2).")
        let parsed = try XCTUnwrap(JSONLine.parseSignal(Array(signal.jsonLine.utf8)))
        XCTAssertEqual(parsed.id, signal.id)
        XCTAssertEqual(parsed.jsonLine, signal.jsonLine)
    }

    func testATickerLineReadsBackToTheSameTicker() throws {
        var ticker = Ticker24h(symbol: Symbol("SOLUSDT")!, eventTime: 1_700_000_000_123, isMini: false,
                               last: ExactDecimal("150.25")!, open: ExactDecimal("148.00")!, high: ExactDecimal("151.5")!,
                               low: ExactDecimal("147.1")!, volume: ExactDecimal("1234.5")!, quoteVolume: ExactDecimal("185000.75")!)
        ticker.priceChangePercent = ExactDecimal("1.52")!
        let parsed = try XCTUnwrap(JSONLine.parseTicker(Array(JSONLine.ticker(ticker).utf8)))
        XCTAssertEqual(JSONLine.ticker(parsed), JSONLine.ticker(ticker))
        XCTAssertEqual(parsed.changePercent, ticker.changePercent)
    }
}
