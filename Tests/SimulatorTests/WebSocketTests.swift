import Foundation
import MarketModel
import XCTest
@testable import Simulator

/// Binance's stream protocol: control messages, payload shapes, keep-alive, rate limits and
/// kline closes that are never skipped.
final class WebSocketTests: XCTestCase {
    func testControlMessagesGetBinanceAnswers() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        let socket = try await TestWebSocket.connect(port: port, path: "/stream?streams=btcusdt@aggTrade")
        let requests = [
            "{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@kline_1m\",\"btcusdt@bookTicker\"],\"id\":1}",
            "{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":2}",
            "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@klines_1m\"],\"id\":3}",
            "{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@bookTicker\"],\"id\":\"abc\"}",
            "{not json",
        ]
        for request in requests {
            socket.send(request)
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        socket.send("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":4}")
        try await socket.waitFor("6 answers") { texts in
            texts.filter { $0.contains("\"id\"") }.count >= 6
        }
        let answers = socket.texts.filter { $0.hasPrefix("{\"result\"") || $0.hasPrefix("{\"error\"") }
        XCTAssertEqual(answers[0], "{\"result\":null,\"id\":1}")
        XCTAssertEqual(answers[1], "{\"result\":[\"btcusdt@aggTrade\",\"ethusdt@kline_1m\",\"btcusdt@bookTicker\"],\"id\":2}")
        XCTAssertEqual(answers[2], "{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":3}")
        XCTAssertEqual(answers[3], "{\"result\":null,\"id\":\"abc\"}")
        let invalid = try XCTUnwrap(jsonObject(answers[4]))
        XCTAssertEqual((invalid["error"] as? [String: Any])?["code"] as? Int, 3)
        XCTAssertTrue(invalid["id"] is NSNull)
        XCTAssertEqual(answers[5], "{\"result\":true,\"id\":4}")

        try await socket.waitFor("kline frames") { $0.contains { $0.hasPrefix("{\"stream\":\"ethusdt@kline_1m\"") } }
        for text in socket.texts where text.hasPrefix("{\"stream\"") {
            let wrapper = try XCTUnwrap(jsonObject(text), text)
            let stream = try XCTUnwrap(wrapper["stream"] as? String)
            let data = try XCTUnwrap(wrapper["data"] as? [String: Any])
            switch stream {
            case "ethusdt@kline_1m":
                let kline = try XCTUnwrap(KlineFrame(data), text)
                XCTAssertEqual(kline.interval, "1m")
                XCTAssertTrue(kline.low <= kline.open && kline.open <= kline.high)
            case "btcusdt@aggTrade":
                XCTAssertEqual(data["e"] as? String, "aggTrade")
                XCTAssertEqual(data["s"] as? String, "BTCUSDT")
                XCTAssertNotNil(data["p"] as? String)
                XCTAssertNotNil(data["m"] as? Bool)
                XCTAssertLessThanOrEqual(data["f"] as! Int, data["l"] as! Int)
            case "btcusdt@bookTicker":
                XCTAssertNil(data["e"])
                XCTAssertLessThan(Double(data["b"] as! String)!, Double(data["a"] as! String)!)
            default:
                XCTFail("unexpected stream \(stream)")
            }
        }
        await socket.close()
    }

    func testPingsAndTheClientThatNeverPongsIsDropped() async throws {
        var options = testOptions()
        options.pingInterval = 0.2
        options.pongTimeout = 1.0
        let (exchange, port) = try await startExchange(options)
        defer { Task { await exchange.stop() } }
        let silent = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@miniTicker", autoPong: false)
        let polite = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@miniTicker", autoPong: true)
        try await silent.waitUntilClosed(timeout: 5)
        XCTAssertGreaterThanOrEqual(silent.state.snapshot.pings, 2, "pings came before the drop")
        try await Task.sleep(nanoseconds: 500_000_000)
        XCTAssertFalse(polite.isClosed, "a client answering pings stays")
        XCTAssertEqual(exchange.stats().dropsByReason["pong_timeout"], 1)
        XCTAssertGreaterThanOrEqual(exchange.stats().pongsReceived, 2)
        await polite.close()
    }

    func testMoreThanFiveMessagesASecondIsAViolation() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        let socket = try await TestWebSocket.connect(port: port, path: "/ws")
        for i in 0..<8 { socket.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":\(i)}") }
        socket.sendPing()
        try await waitUntil("violations") { (exchange.stats().protocolViolations["control_rate"] ?? 0) >= 4 }
        XCTAssertFalse(socket.isClosed, "counted, not disconnected, by default")
        await socket.close()
    }

    /// At 300x, 1s candles close 300 times a real second: every one arrives, in order, and
    /// equals the truth; so do the 1m closes.
    func testEveryKlineClosesOnceInOrderAtHighSpeed() async throws {
        let (exchange, port) = try await startExchange(testOptions(speed: 300))
        defer { Task { await exchange.stop() } }
        let socket = try await TestWebSocket.connect(port: port, path: "/stream?streams=solusdt@kline_1s/solusdt@kline_1m")
        // Counts, not a time: 400 one-second closes and 5 one-minute ones (a few real seconds at 300x).
        try await socket.waitFor("400 1s closes and 5 1m closes", timeout: 60) { texts in
            var seconds = 0, minutes = 0
            for text in texts where text.contains("\"x\":true") {
                if text.contains("\"i\":\"1s\"") { seconds += 1 } else if text.contains("\"i\":\"1m\"") { minutes += 1 }
            }
            return seconds >= 400 && minutes >= 5
        }
        await socket.close()
        var closes: [String: [KlineFrame]] = [:]
        for text in socket.texts {
            let wrapper = try XCTUnwrap(jsonObject(text))
            let frame = try XCTUnwrap(KlineFrame(wrapper["data"] as! [String: Any]))
            if frame.closed { closes[frame.interval, default: []].append(frame) }
        }
        let seconds = try XCTUnwrap(closes["1s"])
        let minutes = try XCTUnwrap(closes["1m"])
        XCTAssertGreaterThanOrEqual(seconds.count, 400)
        XCTAssertGreaterThanOrEqual(minutes.count, 5)
        for (list, step) in [(seconds, Int64(1_000)), (minutes, Int64(60_000))] {
            XCTAssertEqual(zip(list.dropFirst(), list).filter { $0.openTime - $1.openTime != step }.count, 0, "no skipped close")
        }
        let sol = Symbol("SOLUSDT")!
        let truthSeconds = exchange.truth(symbol: sol, interval: .s1, from: seconds.first!.openTime, to: seconds.last!.openTime)
        XCTAssertEqual(truthSeconds.count, seconds.count)
        XCTAssertEqual(zip(seconds, truthSeconds).filter { !$0.matches($1) }.count, 0, "1s closes equal the truth")
        let truthMinutes = exchange.truth(symbol: sol, interval: .m1, from: minutes.first!.openTime, to: minutes.last!.openTime)
        XCTAssertEqual(zip(minutes, truthMinutes).filter { !$0.matches($1) }.count, 0, "1m closes equal the truth")
        XCTAssertEqual(truthMinutes.count, minutes.count)
    }
}
