import Foundation
import XCTest
@testable import Simulator

/// Depth, ticker and all-market streams: shapes, and diff-depth sequencing that lets a client
/// keep a local book from a REST snapshot as PROTOCOL.md section 4 describes.
final class BookAndTickerStreamTests: XCTestCase {
    func testDiffDepthSequencesWithTheSnapshotAndTickersHaveBinanceShapes() async throws {
        let (exchange, port) = try await startExchange(testOptions(speed: 5))
        defer { Task { await exchange.stop() } }
        let streams = "btcusdt@depth@100ms/btcusdt@depth5/btcusdt@ticker/!miniTicker@arr"
        let socket = try await TestWebSocket.connect(port: port, path: "/stream?streams=\(streams)")
        try await Task.sleep(nanoseconds: 400_000_000)
        let snapshot = try await HTTPTestClient.get(port, "/api/v3/depth?symbol=BTCUSDT&limit=1000")
        let lastUpdateId = try XCTUnwrap((snapshot.json as? [String: Any])?["lastUpdateId"] as? Int)
        try await Task.sleep(nanoseconds: 1_200_000_000)
        await socket.close()

        var diffs: [(first: Int, last: Int)] = []
        var sawPartial = false, sawTicker = false, sawAll = false
        for text in socket.texts {
            let wrapper = try XCTUnwrap(jsonObject(text) ?? nil, text)
            switch wrapper["stream"] as? String {
            case "btcusdt@depth@100ms":
                let data = try XCTUnwrap(wrapper["data"] as? [String: Any])
                XCTAssertEqual(data["e"] as? String, "depthUpdate")
                diffs.append((data["U"] as! Int, data["u"] as! Int))
            case "btcusdt@depth5":
                let data = try XCTUnwrap(wrapper["data"] as? [String: Any])
                XCTAssertEqual((data["bids"] as? [[String]])?.count, 5)
                XCTAssertEqual((data["asks"] as? [[String]])?.count, 5)
                sawPartial = true
            case "btcusdt@ticker":
                let data = try XCTUnwrap(wrapper["data"] as? [String: Any])
                XCTAssertEqual(data["e"] as? String, "24hrTicker")
                for key in ["p", "P", "w", "x", "c", "Q", "b", "B", "a", "A", "o", "h", "l", "v", "q"] {
                    XCTAssertNotNil(data[key] as? String, key)
                }
                for key in ["E", "O", "C", "F", "L", "n"] { XCTAssertNotNil(data[key] as? Int, key) }
                sawTicker = true
            case "!miniTicker@arr":
                let list = try XCTUnwrap(wrapper["data"] as? [[String: Any]])
                XCTAssertEqual(list.count, SimulatedExchange.defaultSymbols.count)
                XCTAssertTrue(list.allSatisfy { $0["e"] as? String == "24hrMiniTicker" })
                sawAll = true
            default:
                XCTFail("unexpected frame \(text.prefix(80))")
            }
        }
        XCTAssertTrue(sawPartial && sawTicker && sawAll)
        XCTAssertGreaterThan(diffs.count, 5)
        XCTAssertEqual(zip(diffs.dropFirst(), diffs).filter { $0.first != $1.last + 1 }.count, 0, "U = previous u + 1")
        XCTAssertTrue(diffs.contains { $0.first <= lastUpdateId + 1 && lastUpdateId + 1 <= $0.last },
                      "the snapshot falls inside the diff sequence")
    }
}
