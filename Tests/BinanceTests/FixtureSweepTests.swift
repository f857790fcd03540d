import Binance
import Foundation
import MarketModel
import XCTest

/// Every file in the fixture tree is decoded by the decoder it belongs to, so a new capture
/// added to the samples cannot go untested: an unclassified file fails this test.
final class FixtureSweepTests: XCTestCase {
    /// Files no decoder of this module reads, and why.
    let notForThisModule: [String: String] = [
        "SOURCES.md": "provenance notes",
        "rest/aggTrades_btcusdt_2021.json": "the client does not backfill trades",
        "rest/ticker_bookTicker_btcusdt_2021.json": "REST book ticker has no update id; the stream provides book tops",
    ]

    func testEveryFixtureFileDecodes() throws {
        let files = Fixtures.allFiles()
        XCTAssertGreaterThan(files.count, 60, "fixtures found at \(Fixtures.binance.path)")
        var decoder = StreamDecoder()
        var checked = 0
        for file in files {
            let data = try Fixtures.data(file)
            let name = (file as NSString).lastPathComponent
            if notForThisModule[file] != nil { continue }
            if file.hasSuffix("_request.json") {
                XCTAssertNotNil(try JSONSerialization.jsonObject(with: data) as? [String: Any], file)
            } else if file.hasPrefix("ws/") || file.hasPrefix("docs_examples/ws_") || file.hasPrefix("errors/ws_") {
                let message = try decoder.decode([UInt8](data))
                if name == "ws_avgPrice.json" {
                    XCTAssertEqual(message, .unknown(eventType: "avgPrice"))
                } else if case .unknown = message {
                    XCTFail("\(file) decoded as unknown")
                }
            } else if file.hasSuffix(".jsonl") {
                for line in try Fixtures.lines(file) {
                    guard case .event = try decoder.decode(line) else { return XCTFail("\(file): not an event") }
                }
            } else if file.hasPrefix("errors/rest_") {
                XCTAssertFalse(RestErrorBody(body: data).message.isEmpty, file)
            } else if file.hasSuffix(".csv") {
                XCTAssertFalse(try RestDecoder.klinesCSV(String(decoding: data, as: UTF8.self), symbol: Symbol("BTCUSDT")!,
                                                         interval: .m1, now: 0).isEmpty, file)
            } else if name.contains("klines") {
                XCTAssertFalse(try RestDecoder.klines(data, symbol: Symbol("BTCUSDT")!, interval: .m1, now: 0).isEmpty, file)
            } else if name.contains("depth") || name.contains("snapshot") {
                XCTAssertNoThrow(try RestDecoder.depthSnapshot(data), file)
            } else if name.contains("exchangeInfo") {
                XCTAssertFalse(try ExchangeInfo(decoding: data).symbols.isEmpty, file)
            } else if name.hasPrefix("time") {
                XCTAssertGreaterThan(try RestDecoder.serverTime(data), 0, file)
            } else if name.contains("ticker_24hr") {
                XCTAssertFalse(try RestDecoder.tickers24h(data).isEmpty, file)
            } else if name.contains("error") {
                XCTAssertNotNil(RestErrorBody(body: data).code, file)
            } else {
                XCTFail("no decoder is assigned to fixture \(file)")
                continue
            }
            checked += 1
        }
        XCTAssertEqual(checked + notForThisModule.count, files.count)
        XCTAssertEqual(decoder.unknownEventCount, 1, "only the avgPrice example is unknown")
    }
}
