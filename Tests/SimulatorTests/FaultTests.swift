import Foundation
import MarketModel
import XCTest
@testable import Simulator

/// Every fault is observable from outside, through apply(_:) and through POST /sim/control.
final class FaultTests: XCTestCase {
    func testDropAllAndDropEveryAndRandomDrops() async throws {
        let (exchange, port) = try await startExchange(testOptions(speed: 60))
        defer { Task { await exchange.stop() } }
        let a = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@trade")
        exchange.apply(.dropAllNow)
        try await a.waitUntilClosed(timeout: 3)
        XCTAssertNil(a.state.snapshot.closeCode, "a drop sends no close frame")

        let control = try await HTTPTestClient.post(port, "/sim/control", body: "{\"action\":\"drop_every\",\"seconds\":30}")
        XCTAssertEqual(control.status, 200)
        let b = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@trade")
        try await b.waitUntilClosed(timeout: 3)
        exchange.apply(.dropEvery(simulatedSeconds: 0))

        exchange.apply(.dropProbability(perSecond: 1))
        let c = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@trade")
        try await c.waitUntilClosed(timeout: 3)
        exchange.apply(.reset)
        XCTAssertGreaterThanOrEqual(exchange.stats().dropsByReason["fault"] ?? 0, 3)
    }

    func testServerShutdownThenClose() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        let raw = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@kline_1m")
        let combined = try await TestWebSocket.connect(port: port, path: "/stream?streams=btcusdt@kline_1m")
        _ = try await HTTPTestClient.post(port, "/sim/control", body: "{\"action\":\"server_shutdown\",\"close_after\":0.2}")
        try await raw.waitUntilClosed(timeout: 3)
        try await combined.waitUntilClosed(timeout: 3)
        let rawEvent = try XCTUnwrap(raw.texts.compactMap(jsonObject).first { $0["e"] as? String == "serverShutdown" })
        XCTAssertNotNil(rawEvent["E"] as? Int)
        XCTAssertTrue(combined.texts.contains { $0.hasPrefix("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\"") })
        XCTAssertEqual(raw.state.snapshot.closeCode, 1001)
    }

    func testRefusedConnectionsGet503ThenAreAcceptedAgain() async throws {
        var options = testOptions()
        options.faults.refuseConnectionsSeconds = 0.8
        let (exchange, port) = try await startExchange(options)
        defer { Task { await exchange.stop() } }
        do {
            _ = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@trade")
            XCTFail("upgrade should be refused")
        } catch TestWebSocket.Failure.upgradeRefused(let status) {
            XCTAssertEqual(status, 503)
        }
        XCTAssertEqual(exchange.stats().upgradesRefused, 1)
        try await Task.sleep(nanoseconds: 900_000_000)
        let socket = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@trade")
        await socket.close()
        let r1 = try await HTTPTestClient.get(port, "/api/v3/ping")
        XCTAssertEqual(r1.status, 200, "REST is never refused")
    }

    func testStallSilencesThenResumes() async throws {
        let (exchange, port) = try await startExchange(testOptions(speed: 30))
        defer { Task { await exchange.stop() } }
        let socket = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@kline_1s")
        try await socket.waitFor("frames") { $0.count >= 3 }
        exchange.apply(.stall(seconds: 1.0))
        try await Task.sleep(nanoseconds: 200_000_000)
        let during = socket.texts.count
        socket.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":9}")
        try await Task.sleep(nanoseconds: 600_000_000)
        XCTAssertEqual(socket.texts.count, during, "nothing at all while stalled, answers included")
        XCTAssertFalse(socket.isClosed)
        try await socket.waitFor("resumed", timeout: 3) { $0.count > during + 3 }
        XCTAssertEqual(exchange.stats().stalls, 1)
        await socket.close()
    }

    func testMalformedFramesAreInjectedAndNeverValid() async throws {
        let (exchange, port) = try await startExchange(testOptions(speed: 60))
        defer { Task { await exchange.stop() } }
        exchange.apply(.malformedRate(0.3))
        let socket = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@kline_1s")
        try await socket.waitFor("frames") { $0.count >= 60 }
        await socket.close()
        var bad = 0
        for text in socket.texts {
            if let object = jsonObject(text), KlineFrame(object) != nil { continue }
            bad += 1
        }
        XCTAssertGreaterThan(bad, 3)
        // The engine adds its counters to the stats once per tick, so the count of what it sent
        // may trail the frames already read by a tick: wait for it (a miss fails below).
        let deadline = Date().addingTimeInterval(5)
        while exchange.stats().malformedSent < bad, Date() < deadline {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        XCTAssertGreaterThanOrEqual(exchange.stats().malformedSent, bad)
    }

    func testInjectedRESTFailuresAndDelay() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        let body = "[{\"action\":\"rest_5xx\",\"count\":1,\"status\":502},{\"action\":\"rest_delay\",\"ms\":300}]"
        let r2 = try await HTTPTestClient.post(port, "/sim/control", body: body)
        XCTAssertEqual(r2.status, 200)
        // The delayed answer is held: the exchange has the request in flight while the client waits.
        let pending = Task { try await HTTPTestClient.get(port, "/api/v3/time") }
        try await waitUntil("the delayed request is held in flight") { exchange.stats().restInFlight == 1 }
        let failed = try await pending.value
        XCTAssertEqual(failed.status, 502)
        XCTAssertEqual(exchange.stats().restInFlight, 0)
        let r3 = try await HTTPTestClient.get(port, "/api/v3/time")
        XCTAssertEqual(r3.status, 200)

        exchange.apply(.restDelay(milliseconds: 0))
        exchange.apply(.rest429(count: 1, retryAfter: 1))
        let limited = try await HTTPTestClient.get(port, "/api/v3/ping")
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.header("Retry-After"), "1")
        try await Task.sleep(nanoseconds: 1_100_000_000)
        let r4 = try await HTTPTestClient.get(port, "/api/v3/ping")
        XCTAssertEqual(r4.status, 200, "honouring Retry-After works")

        exchange.apply(.rest418(count: 1, retryAfter: 2))
        let r5 = try await HTTPTestClient.get(port, "/api/v3/ping")
        XCTAssertEqual(r5.status, 418)
        let bad = try await HTTPTestClient.post(port, "/sim/control", body: "{\"action\":\"explode\"}")
        XCTAssertEqual(bad.status, 400)
        let stats = exchange.stats()
        XCTAssertEqual(stats.rest5xx, 1)
        XCTAssertEqual(stats.rest429, 1)
        XCTAssertEqual(stats.rest418, 1)
        XCTAssertEqual(stats.protocolViolations["rest_weight"], 0, "injected failures are not the client's fault")
    }
}
