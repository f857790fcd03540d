@testable import App
import MarketModel
import XCTest

/// A viewer reads back the candle lines the feed publishes: every field survives the trip.
final class CandleLineParseTests: XCTestCase {
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

    func testAnythingButACandleLineIsNotACandle() {
        for text in [#"{"type":"signal","symbol":"BTCUSDT"}"#, "not json", #"{"type":"candle","symbol":"BTC-USDT"}"#] {
            XCTAssertNil(JSONLine.parseCandle(Array(text.utf8)), text)
        }
    }
}
