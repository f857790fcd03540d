@testable import Binance
import MarketModel
import XCTest

/// The kline fast path must take the frames the market really sends, and read them exactly as
/// the general parser does.
final class KlineFastPathTests: XCTestCase {
    private func frame(combined: Bool, first: String, last: String, trades: String = "0") -> String {
        let data = #"{"e":"kline","E":1796280545385,"s":"ADAUSDT","k":{"t":1796280540000,"T":1796280599999,"s":"ADAUSDT","i":"1m","f":\#(first),"L":\#(last),"o":"0.42870000","c":"0.42870000","h":"0.42870000","l":"0.42870000","v":"0.00000000","n":\#(trades),"x":false,"q":"0.00000000","V":"0.00000000","Q":"0.00000000","B":"0"}}"#
        return combined ? #"{"stream":"adausdt@kline_1m","data":\#(data)}"# : data
    }

    /// What the fast path reads, or nil when it leaves the frame to the general parser.
    private func fastPath(_ text: String) -> Candle? {
        var cache = KlineCache()
        var fields = KlineFields()
        let bytes = Array(text.utf8)
        let symbol = bytes.withUnsafeBytes { KlineFastPath.read($0.baseAddress!, count: $0.count, cache: &cache, into: &fields) }
        return symbol.map { fields.candle($0) }
    }

    private func general(_ text: String) throws -> Candle {
        var decoder = StreamDecoder()
        let message = try Array(text.utf8).withUnsafeBytes { bytes throws(StreamDecodeError) in try decoder.decodeGeneral(bytes) }
        guard case .event(.candle(let candle)) = message else { throw NotACandle() }
        return candle
    }

    private struct NotACandle: Error {}

    func testABarWithoutTradesTakesTheFastPath() throws {
        // Binance writes -1 for both trade ids of a minute without trades.
        for combined in [false, true] {
            let text = frame(combined: combined, first: "-1", last: "-1")
            let fast = try XCTUnwrap(fastPath(text), "a bar without trades fell off the fast path (combined: \(combined))")
            XCTAssertEqual(fast, try general(text))
            XCTAssertEqual(fast.trades, 0)
            XCTAssertEqual(fast.volume, ExactDecimal("0.00000000"))
        }
    }

    func testTradeIdsAgreeWithTheGeneralParser() throws {
        let ids = ["0", "1", "-1", "20790017141", "-20790017141", "9223372036854775807", "-0", "--1", "-", "1-", "01", "-01", "1.5", "-1e2"]
        for first in ids {
            let text = frame(combined: false, first: first, last: "7")
            let generalCandle = try? general(text)
            if let fast = fastPath(text) {
                XCTAssertEqual(fast, generalCandle, "f = \(first): the fast path read what the general parser refuses or reads otherwise")
            }
        }
        XCTAssertNotNil(fastPath(frame(combined: false, first: "-20790017141", last: "-1")))
        XCTAssertNil(fastPath(frame(combined: false, first: "--1", last: "1")))
        XCTAssertNil(fastPath(frame(combined: false, first: "-", last: "1")))
    }
}
