import Foundation
import MarketModel
import XCTest
@testable import Simulator

/// Binance's REST market data: shapes, semantics, errors and request weight.
final class RESTTests: XCTestCase {
    func testKlinesLimit1000AreContiguousAndMeetTheStream() async throws {
        let (exchange, port) = try await startExchange(testOptions(speed: 30))
        defer { Task { await exchange.stop() } }
        let reply = try await HTTPTestClient.get(port, "/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1000")
        XCTAssertEqual(reply.status, 200)
        XCTAssertNotNil(reply.header("X-MBX-USED-WEIGHT-1M"))
        let rows = try XCTUnwrap(reply.json as? [[Any]])
        XCTAssertEqual(rows.count, 1_000)
        let opens = rows.map { ($0[0] as! NSNumber).int64Value }
        XCTAssertEqual(zip(opens.dropFirst(), opens).filter { $0 - $1 != 60_000 }.count, 0, "contiguous minutes")
        for row in rows {
            XCTAssertEqual(row.count, 12)
            XCTAssertEqual(row[11] as? String, "0")
            XCTAssertEqual((row[6] as! NSNumber).int64Value, (row[0] as! NSNumber).int64Value + 59_999)
            for column in [1, 2, 3, 4, 5, 7, 9, 10] {
                let text = try XCTUnwrap(row[column] as? String)
                XCTAssertEqual(text.split(separator: ".").last?.count, 8, "8 decimals like Binance: \(text)")
                // BTCUSDT's tick is 0.01: the last 6 of 8 decimals of a price are zeros.
                if (1...4).contains(column) { XCTAssertTrue(text.hasSuffix("000000"), text) }
            }
        }
        let now = exchange.simulatedNow
        XCTAssertLessThanOrEqual(opens.last!, now)
        XCTAssertGreaterThan(opens.last! + 60_000, now - 2_000, "the last row is the forming candle")

        let socket = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@kline_1m")
        try await socket.waitFor("first kline") { !$0.isEmpty }
        let first = try XCTUnwrap(jsonObject(socket.texts[0]).flatMap(KlineFrame.init))
        XCTAssertTrue(first.openTime == opens.last! || first.openTime == opens.last! + 60_000,
                      "stream continues the REST rows")
        await socket.close()
    }

    func testKlineWindowsAndTruthEndpoint() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        let start: Int64 = 1_709_251_200_000
        let r1 = try await HTTPTestClient.get(port, "/api/v3/klines?symbol=ETHUSDT&interval=5m&startTime=\(start)&limit=7")
        let page = try XCTUnwrap(r1.json as? [[Any]])
        XCTAssertEqual(page.map { ($0[0] as! NSNumber).int64Value }, (0..<7).map { start + $0 * 300_000 })
        let r2 = try await HTTPTestClient.get(port, "/api/v3/klines?symbol=ETHUSDT&interval=1h&endTime=\(start)&limit=3")
        let until = try XCTUnwrap(r2.json as? [[Any]])
        XCTAssertEqual(until.map { ($0[0] as! NSNumber).int64Value }, [start - 7_200_000, start - 3_600_000, start])
        let r3 = try await HTTPTestClient.get(port, "/api/v3/klines?symbol=ETHUSDT&interval=1m")
        let defaultLimit = try XCTUnwrap(r3.json as? [[Any]])
        XCTAssertEqual(defaultLimit.count, 500)

        let r4 = try await HTTPTestClient.get(port, "/sim/truth/klines?symbol=ETHUSDT&interval=1h")
        let truthRows = try XCTUnwrap(r4.json as? [[Any]])
        let truth = exchange.truth(symbol: Symbol("ETHUSDT")!, interval: .h1)
        XCTAssertEqual(truthRows.count, truth.count)
        XCTAssertEqual(truthRows.count, 30, "Feb 29 and the first 6 hours of Mar 1, all closed")
        for (row, candle) in zip(truthRows, truth) {
            XCTAssertEqual((row[0] as! NSNumber).int64Value, candle.openTime)
            XCTAssertEqual(ExactDecimal(row[4] as! String), candle.close)
            XCTAssertEqual(ExactDecimal(row[5] as! String), candle.volume)
            XCTAssertEqual(ExactDecimal(row[7] as! String), candle.quoteVolume)
        }
    }

    func testErrorsAndOtherEndpoints() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        let cases: [(String, Int, Int)] = [
            ("/api/v3/klines?symbol=NOPEUSDT&interval=1m", 400, -1121),
            ("/api/v3/klines?symbol=BTCUSDT&interval=7m", 400, -1120),
            ("/api/v3/klines?interval=1m", 400, -1102),
            ("/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=abc", 400, -1100),
        ]
        for (path, status, code) in cases {
            let reply = try await HTTPTestClient.get(port, path)
            XCTAssertEqual(reply.status, status, path)
            XCTAssertEqual((reply.json as? [String: Any])?["code"] as? Int, code, path)
        }
        let r5 = try await HTTPTestClient.get(port, "/api/v3/nothing")
        XCTAssertEqual(r5.status, 404)
        let r6 = try await HTTPTestClient.get(port, "/elsewhere")
        XCTAssertEqual(r6.status, 404)
        let r7 = try await HTTPTestClient.get(port, "/api/v3/ping")
        XCTAssertEqual(r7.body, "{}")

        let r8 = try await HTTPTestClient.get(port, "/api/v3/time")
        let time = try XCTUnwrap(r8.json as? [String: Any])
        let serverTime = (time["serverTime"] as! NSNumber).int64Value
        XCTAssertLessThan(abs(serverTime - exchange.simulatedNow), 5_000)

        let r9 = try await HTTPTestClient.get(port, "/api/v3/exchangeInfo")
        let info = try XCTUnwrap(r9.json as? [String: Any])
        let limits = try XCTUnwrap(info["rateLimits"] as? [[String: Any]])
        XCTAssertTrue(limits.contains { $0["rateLimitType"] as? String == "REQUEST_WEIGHT" && $0["limit"] as? Int == 6000 })
        let symbols = try XCTUnwrap(info["symbols"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(symbols.count, 8)
        func tick(_ name: String) -> String? {
            let filters = symbols.first { $0["symbol"] as? String == name }?["filters"] as? [[String: Any]]
            return filters?.first { $0["filterType"] as? String == "PRICE_FILTER" }?["tickSize"] as? String
        }
        XCTAssertEqual(tick("BTCUSDT"), "0.01000000")
        XCTAssertEqual(tick("XRPUSDT"), "0.00010000")
        XCTAssertEqual(tick("DOGEUSDT"), "0.00001000")
        XCTAssertEqual(tick("SHIBUSDT"), "0.00000001")
        XCTAssertTrue(symbols.allSatisfy { $0["status"] as? String == "TRADING" && $0["quoteAsset"] as? String == "USDT" })

        let r10 = try await HTTPTestClient.get(port, "/api/v3/depth?symbol=BTCUSDT&limit=10")
        let depth = try XCTUnwrap(r10.json as? [String: Any])
        let bids = try XCTUnwrap(depth["bids"] as? [[String]])
        let asks = try XCTUnwrap(depth["asks"] as? [[String]])
        XCTAssertEqual(bids.count, 10)
        XCTAssertLessThan(Double(bids[0][0])!, Double(asks[0][0])!)
        XCTAssertNotNil(depth["lastUpdateId"] as? Int)

        let r11 = try await HTTPTestClient.get(port, "/api/v3/ticker/24hr?symbol=SOLUSDT")
        let ticker = try XCTUnwrap(r11.json as? [String: Any])
        XCTAssertEqual(ticker["symbol"] as? String, "SOLUSDT")
        XCTAssertGreaterThan(Double(ticker["lastPrice"] as! String)!, 50)
        XCTAssertGreaterThan(ticker["count"] as! Int, 1_000)
    }

    func testRequestWeightLimitGives429ThenBan418() async throws {
        var options = testOptions()
        options.weightLimitPerMinute = 10
        let (exchange, port) = try await startExchange(options)
        defer { Task { await exchange.stop() } }
        var statuses: [Int] = []
        var last: HTTPResult?
        for _ in 0..<6 {
            let reply = try await HTTPTestClient.get(port, "/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=5")
            statuses.append(reply.status)
            if reply.status == 429 && last?.status != 429 { last = reply }
        }
        XCTAssertEqual(Array(statuses.prefix(6)), [200, 200, 200, 200, 200, 429])
        let refused = try XCTUnwrap(last)
        XCTAssertEqual((refused.json as? [String: Any])?["code"] as? Int, -1003)
        XCTAssertGreaterThanOrEqual(Int(refused.header("Retry-After") ?? "") ?? 0, 1)
        XCTAssertEqual(refused.header("X-MBX-USED-WEIGHT-1M"), "10")
        // Calling again inside the Retry-After window: more 429s, then the ban.
        var escalated: [Int] = []
        for _ in 0..<3 { escalated.append(try await HTTPTestClient.get(port, "/api/v3/time").status) }
        XCTAssertEqual(escalated, [429, 429, 418])
        let stats = exchange.stats()
        XCTAssertEqual(stats.protocolViolations["rest_weight"], 4)
        XCTAssertEqual(stats.rest429, 3)
        XCTAssertEqual(stats.rest418, 1)
        let r12 = try await HTTPTestClient.get(port, "/sim/stats")
        let viaEndpoint = try XCTUnwrap(r12.json as? [String: Any])
        XCTAssertEqual((viaEndpoint["protocol_violations"] as? [String: Int])?["rest_weight"], 4)
    }
}
