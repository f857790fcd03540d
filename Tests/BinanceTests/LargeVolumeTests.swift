import Foundation
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

    /// A 30-digit volume: past the fast path's 18 digits, so the fast path hands the frame to
    /// the general parser, and both entry points give the same candle, digit for digit.
    func testAKlineWithAThirtyDigitVolumeDecodesThroughBothPaths() throws {
        let volume = "1234567890123456789012.34567890"
        let frame = #"{"e":"kline","E":1,"s":"SHIBUSDT","k":{"t":0,"T":59999,"s":"SHIBUSDT","i":"1m","f":1,"L":2,"o":"0.00001965","c":"0.00001966","h":"0.00001970","l":"0.00001960","v":""# + volume + #"","n":2,"x":true,"q":"242592.5","V":"6172839450.50000000","Q":"121296.25","B":"0"}}"#
        let bytes = Array(frame.utf8)
        var fast = StreamDecoder()
        var general = StreamDecoder()
        let viaFastPath = try bytes.withUnsafeBytes { raw in try fast.decode(raw) }
        let viaGeneral = try bytes.withUnsafeBytes { raw in try general.decodeWithoutFastPath(raw) }
        guard case .event(.candle(let c)) = viaGeneral else { return XCTFail("not a candle") }
        XCTAssertEqual(c.volume.description, volume)
        XCTAssertEqual(c.volume.mantissa, 123_456_789_012_345_678_901_234_567_890)
        XCTAssertEqual(viaFastPath, viaGeneral)
        XCTAssertEqual(String(describing: viaFastPath), String(describing: viaGeneral))
        XCTAssertNil(fastPathCandle(bytes), "a 30-digit volume is the general parser's")
        // The same frame with Binance's usual volume stays on the fast path.
        let usual = Array(frame.replacingOccurrences(of: volume, with: "1234.56780000").utf8)
        let usualGeneral = try usual.withUnsafeBytes { raw in try general.decodeWithoutFastPath(raw) }
        XCTAssertEqual(fastPathCandle(usual).map { StreamMessage.event(.candle($0)) }, usualGeneral)
    }

    private func fastPathCandle(_ bytes: [UInt8]) -> Candle? {
        var cache = KlineCache()
        var fields = KlineFields()
        let symbol = bytes.withUnsafeBytes { KlineFastPath.read($0.baseAddress!, count: $0.count, cache: &cache, into: &fields) }
        return symbol.map { fields.candle($0) }
    }

    func testAVolumeOf39DigitsIsOutOfRangeOnBothPaths() {
        let frame = #"{"e":"kline","E":1,"s":"SHIBUSDT","k":{"t":0,"T":59999,"s":"SHIBUSDT","i":"1m","f":1,"L":2,"o":"1","c":"1","h":"1","l":"1","v":"123456789012345678901234567890123456789","n":2,"x":true,"q":"1","V":"1","Q":"1","B":"0"}}"#
        let bytes = Array(frame.utf8)
        var fast = StreamDecoder()
        var general = StreamDecoder()
        XCTAssertThrowsError(try bytes.withUnsafeBytes { raw in try fast.decode(raw) }) {
            XCTAssertEqual($0 as? StreamDecodeError, .numberOutOfRange(field: "k.v"))
        }
        XCTAssertThrowsError(try bytes.withUnsafeBytes { raw in try general.decodeWithoutFastPath(raw) }) {
            XCTAssertEqual($0 as? StreamDecodeError, .numberOutOfRange(field: "k.v"))
        }
    }
}
