import MarketModel
import XCTest
@testable import Binance

/// Binance writes every quantity with 8 decimals; meme-coin volumes then run past 19 digits.
final class LargeVolumeTests: XCTestCase {
    func testASHIBMiniTickerWithA12DigitVolumeDecodes() throws {
        let frame = #"{"stream":"shibusdt@miniTicker","data":{"e":"24hrMiniTicker","E":1795562476281,"s":"SHIBUSDT","c":"0.00001965","o":"0.00002014","h":"0.00002061","l":"0.00001842","v":"700662959765.00000000","q":"13612719.05370233"}}"#
        var decoder = StreamDecoder()
        guard case .event(.ticker(let t)) = try decoder.decode(Array(frame.utf8)) else {
            return XCTFail("not a ticker")
        }
        XCTAssertEqual(t.symbol.name, "SHIBUSDT")
        XCTAssertEqual(t.volume.description, "700662959765.00000000")
        XCTAssertEqual(t.last.description, "0.00001965")
        XCTAssertEqual(t.quoteVolume.doubleValue, 13612719.05370233, accuracy: 1e-6)
    }

    func testAKlineWithAHugeVolumeDecodes() throws {
        let frame = #"{"e":"kline","E":1,"s":"SHIBUSDT","k":{"t":0,"T":59999,"s":"SHIBUSDT","i":"1m","f":1,"L":2,"o":"0.00001965","c":"0.00001966","h":"0.00001970","l":"0.00001960","v":"12345678901.00000000","n":2,"x":true,"q":"242592.5","V":"6172839450.50000000","Q":"121296.25","B":"0"}}"#
        var decoder = StreamDecoder()
        guard case .event(.candle(let c)) = try decoder.decode(Array(frame.utf8)) else {
            return XCTFail("not a candle")
        }
        XCTAssertEqual(c.volume.description, "12345678901.00000000")
        XCTAssertEqual(c.takerBuyBaseVolume.description, "6172839450.50000000")
        XCTAssertTrue(c.isClosed)
    }
}
