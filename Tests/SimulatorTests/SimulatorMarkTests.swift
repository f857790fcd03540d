import Foundation
import MarketModel
import XCTest
@testable import Simulator

/// `{"action":"mark"}`: a recognisable price printed on the trade and kline streams in one tick,
/// reported by the stats, kept by REST klines, and held as the last price for `hold_ms`.
final class SimulatorMarkTests: XCTestCase {
    /// A combined-stream frame: its stream name and payload.
    private struct Received {
        var stream: String
        var data: [String: Any]
        var symbol: String { String(stream.prefix { $0 != "@" }) }
    }

    private static func received(_ texts: [String]) -> [Received] {
        texts.compactMap(jsonObject).compactMap { object in
            guard let stream = object["stream"] as? String, let data = object["data"] as? [String: Any] else { return nil }
            return Received(stream: stream, data: data)
        }
    }

    private static func decimal(_ value: Any?) -> ExactDecimal? { (value as? String).flatMap { ExactDecimal($0) } }

    /// The price a trade or kline frame carries (a trade's price, a kline's close).
    private static func price(_ frame: Received) -> ExactDecimal? {
        decimal(frame.data["p"]) ?? decimal((frame.data["k"] as? [String: Any])?["c"])
    }

    /// Where the marker trade, the marker 1m kline and the last marker frame (the 1s kline) are
    /// among the frames, once all three arrived.
    private static func markerFrames(_ frames: [Received], price: ExactDecimal) -> (trade: Int, kline: Int, last: Int)? {
        func index(_ stream: String) -> Int? { frames.firstIndex { $0.stream == stream && Self.price($0) == price } }
        guard let trade = index("btcusdt@trade"), let kline = index("btcusdt@kline_1m"),
              let second = index("btcusdt@kline_1s") else { return nil }
        return (trade, kline, max(trade, kline, second))
    }

    func testMarkPrintsTradeAndKlineThenHoldsTheSymbol() async throws {
        let (exchange, port) = try await startExchange(testOptions(speed: 5))
        defer { Task { await exchange.stop() } }
        let streams = ["btcusdt@trade", "btcusdt@kline_1m", "btcusdt@kline_1s", "ethusdt@trade", "ethusdt@kline_1m"]
        let socket = try await TestWebSocket.connect(port: port, path: "/stream?streams=" + streams.joined(separator: "/"))
        try await socket.waitFor("both symbols flowing") { texts in
            let frames = Self.received(texts)
            return frames.contains { $0.stream == "btcusdt@trade" } && frames.contains { $0.stream == "ethusdt@trade" }
        }

        let hold = 3_000
        let reply = try await HTTPTestClient.post(port, "/sim/control",
                                                  body: "{\"action\":\"mark\",\"symbol\":\"BTCUSDT\",\"hold_ms\":\(hold)}")
        XCTAssertEqual(reply.status, 200, reply.body)
        let answer = try XCTUnwrap(jsonObject(reply.body))
        let listed = try XCTUnwrap((answer["marks"] as? [[String: Any]])?.first)
        let id = try XCTUnwrap(listed["id"] as? Int)
        let priceText = try XCTUnwrap(listed["price"] as? String)
        let price = try XCTUnwrap(ExactDecimal(priceText))
        XCTAssertEqual(listed["symbol"] as? String, "BTCUSDT")
        XCTAssertEqual(priceText.split(separator: ".").last?.count, 2, "on BTCUSDT's tick size (0.01)")

        try await socket.waitFor("the marker trade and klines (1m and 1s)") { texts in
            Self.markerFrames(Self.received(texts), price: price) != nil
        }
        let before = Self.received(socket.texts)
        let marker = try XCTUnwrap(Self.markerFrames(before, price: price))
        let lastBefore = before[..<marker.trade].last { $0.stream == "btcusdt@trade" }
        if let previous = lastBefore.flatMap(Self.price) {
            XCTAssertNotEqual(previous, price, "the marker differs from the price before it")
            let distance = abs(price.doubleValue - previous.doubleValue) / previous.doubleValue
            XCTAssertLessThan(distance, 0.003, "the marker is close to the price")
        }
        let trade = before[marker.trade].data
        XCTAssertEqual(trade["e"] as? String, "trade")
        let kline = try XCTUnwrap(KlineFrame(before[marker.kline].data))
        XCTAssertFalse(kline.closed)
        XCTAssertEqual(kline.close, price)
        XCTAssertGreaterThanOrEqual(kline.high, price)
        XCTAssertLessThanOrEqual(kline.low, price)

        // The stats report the mark with the same price and a CLOCK_MONOTONIC send time.
        let statsBody = try await HTTPTestClient.get(port, "/sim/stats").body
        let stats = try XCTUnwrap(jsonObject(statsBody))
        let marks = try XCTUnwrap(stats["marks"] as? [[String: Any]])
        let reported = try XCTUnwrap(marks.first { $0["id"] as? Int == id })
        XCTAssertEqual(reported["symbol"] as? String, "BTCUSDT")
        XCTAssertEqual(reported["price"] as? String, priceText)
        let sent = try XCTUnwrap((reported["sent_ns"] as? NSNumber)?.uint64Value)
        XCTAssertGreaterThan(sent, 0)
        XCTAssertLessThanOrEqual(sent, monotonicNanoseconds())
        XCTAssertEqual(reported["frames"] as? Int, 3, "one trade and two klines carried it")
        XCTAssertEqual(exchange.stats().marks.last?.price, priceText)

        // REST klines agree while the mark is in force: the forming bar closes at the marker.
        for interval in ["1m", "1h"] {
            let rest = try await HTTPTestClient.get(port, "/api/v3/klines?symbol=BTCUSDT&interval=\(interval)&limit=2")
            let rows = try XCTUnwrap(rest.json as? [[Any]])
            let last = try XCTUnwrap(rows.last)
            XCTAssertEqual(Self.decimal(last[4]), price, "forming \(interval) bar's close is the marker")
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(Self.decimal(last[2])), price)
            XCTAssertLessThanOrEqual(try XCTUnwrap(Self.decimal(last[3])), price)
        }

        // During the hold: nothing for BTCUSDT after the marker, while ETHUSDT keeps flowing.
        try await Task.sleep(nanoseconds: 1_500_000_000)
        let during = Self.received(socket.texts)
        let lastMarker = marker.last
        let afterMarker = during[(lastMarker + 1)...]
        // Told by the frames' own event times (simulated, speed 1), not by a clock here: a
        // BTCUSDT frame at another price (other than a close kept back) is stamped after the hold.
        let markedAt = try XCTUnwrap((trade["E"] as? NSNumber)?.int64Value)
        let early = afterMarker.filter { frame in
            guard frame.symbol == "btcusdt", Self.price(frame) != price else { return false }
            if (frame.data["k"] as? [String: Any])?["x"] as? Bool == true { return false }
            let at = (frame.data["E"] as? NSNumber)?.int64Value ?? 0
            return at < markedAt + Int64(hold) - 20
        }
        XCTAssertTrue(early.isEmpty, "BTCUSDT is held: \(early.map { "\($0.stream) E=\($0.data["E"] ?? "?")" }) after a mark at \(markedAt)")
        XCTAssertTrue(afterMarker.contains { $0.stream == "ethusdt@trade" }, "other symbols keep flowing")

        // After the hold BTCUSDT resumes, and the 1s closes kept back arrive in order, none lost.
        try await socket.waitFor("BTCUSDT trades again", timeout: 15) { texts in
            Self.received(texts).dropFirst(lastMarker + 1).contains { $0.stream == "btcusdt@trade" }
        }
        try await socket.waitFor("1s closes after the hold") { texts in
            Self.received(texts).dropFirst(lastMarker + 1).contains {
                $0.stream == "btcusdt@kline_1s" && ($0.data["k"] as? [String: Any])?["x"] as? Bool == true
            }
        }
        let closes = Self.received(socket.texts).filter { $0.stream == "btcusdt@kline_1s" }.compactMap { KlineFrame($0.data) }
            .filter(\.closed)
        XCTAssertGreaterThan(closes.count, 3)
        for (a, b) in zip(closes, closes.dropFirst()) {
            XCTAssertEqual(b.openTime, a.openTime + 1_000, "closed 1s bars are contiguous across the hold")
        }
        // Closed bars are the market's truth: the marker is not in them.
        let truth = exchange.truth(symbol: Symbol("BTCUSDT")!, interval: .s1)
        for bar in closes {
            if let candle = truth.first(where: { $0.openTime == bar.openTime }) {
                XCTAssertTrue(bar.matches(candle), "closed bar \(bar.openTime) matches the truth")
            }
        }
        await socket.close()
    }

    func testMarkRejectsBadInput() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        let cases: [(String, String)] = [
            ("{\"action\":\"mark\",\"symbol\":\"NOPEUSDT\",\"hold_ms\":100}", "unknown symbol NOPEUSDT"),
            ("{\"action\":\"mark\",\"hold_ms\":100}", "action mark needs a string field \"symbol\""),
            ("{\"action\":\"mark\",\"symbol\":\"BTCUSDT\"}", "action mark needs a number field \"hold_ms\""),
            ("{\"action\":\"mark\",\"symbol\":\"BTCUSDT\",\"hold_ms\":-5}", "hold_ms must be 0...60000"),
            ("[{\"action\":\"mark\",\"symbol\":\"BTCUSDT\",\"hold_ms\":100},{\"action\":\"mark\",\"symbol\":\"X\",\"hold_ms\":1}]",
             "unknown symbol X"),
        ]
        for (body, message) in cases {
            let reply = try await HTTPTestClient.post(port, "/sim/control", body: body)
            XCTAssertEqual(reply.status, 400, body)
            let object = try XCTUnwrap(jsonObject(reply.body), reply.body)
            XCTAssertEqual(object["ok"] as? Bool, false)
            XCTAssertEqual(object["error"] as? String, message)
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        let statsBody = try await HTTPTestClient.get(port, "/sim/stats").body
        let stats = try XCTUnwrap(jsonObject(statsBody))
        XCTAssertEqual((stats["marks"] as? [Any])?.count, 0, "nothing was applied")
    }

    func testMarksWithoutClientsAreStillRecordedAndKeepDistinctPrices() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        var prices: [String] = []
        for _ in 0..<3 {
            let reply = try await HTTPTestClient.post(port, "/sim/control",
                                                      body: "{\"action\":\"mark\",\"symbol\":\"ethusdt\",\"hold_ms\":0}")
            XCTAssertEqual(reply.status, 200, reply.body)
            let listed = try XCTUnwrap((jsonObject(reply.body)?["marks"] as? [[String: Any]])?.first)
            prices.append(try XCTUnwrap(listed["price"] as? String))
            try await Task.sleep(nanoseconds: 120_000_000)
        }
        for (a, b) in zip(prices, prices.dropFirst()) { XCTAssertNotEqual(a, b, "consecutive marks differ") }
        try await waitUntil("three marks recorded") { exchange.stats().marks.count == 3 }
        let marks = exchange.stats().marks
        XCTAssertEqual(marks.map(\.price), prices)
        XCTAssertEqual(marks.map(\.symbol), ["ETHUSDT", "ETHUSDT", "ETHUSDT"])
        XCTAssertEqual(marks.map(\.frames), [0, 0, 0])
        XCTAssertEqual(marks.map(\.id), marks.map(\.id).sorted())
    }
}
