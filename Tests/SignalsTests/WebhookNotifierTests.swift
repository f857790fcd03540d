import Foundation
import Synchronization
import XCTest
@testable import Signals

final class WebhookNotifierTests: XCTestCase {
    typealias F = SeriesFixture

    func testThePOSTBodyIsTheSignalJSON() throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let logs = Mutex<[String]>([])
        let webhook = WebhookNotifier(url: server.url, initialBackoff: 0.05) { line in logs.withLock { $0.append(line) } }
        let signal = F.signal(0)
        webhook.send(signal.jsonData)
        webhook.waitUntilIdle()
        XCTAssertEqual(server.bodies.withLock { $0 }, [signal.jsonLine])
        XCTAssertEqual(logs.withLock { $0 }, [])
    }

    func testAServerErrorIsRetried() throws {
        let server = try LocalHTTPServer(statuses: [500])
        defer { server.stop() }
        let logs = Mutex<[String]>([])
        let webhook = WebhookNotifier(url: server.url, initialBackoff: 0.05) { line in logs.withLock { $0.append(line) } }
        let signal = F.signal(0)
        webhook.send(signal.jsonData)
        webhook.waitUntilIdle()
        XCTAssertEqual(server.bodies.withLock { $0 }, [signal.jsonLine, signal.jsonLine])
        XCTAssertEqual(logs.withLock { $0 }, [])
    }

    func testAClientErrorIsFinal() throws {
        let server = try LocalHTTPServer(statuses: [404])
        defer { server.stop() }
        let logs = Mutex<[String]>([])
        let webhook = WebhookNotifier(url: server.url, initialBackoff: 0.05) { line in logs.withLock { $0.append(line) } }
        webhook.send(F.signal(0).jsonData)
        webhook.waitUntilIdle()
        XCTAssertEqual(server.bodies.withLock { $0.count }, 1)
        XCTAssertEqual(logs.withLock { $0 }, ["The webhook answered HTTP 404; the signal was not accepted."])
    }

    func testAnUnreachableHookNeverBlocksAndTheQueueIsBounded() throws {
        // A port that was just free: connections are refused, so every POST retries.
        let server = try LocalHTTPServer()
        let url = server.url
        server.stop()
        let logs = Mutex<[String]>([])
        let webhook = WebhookNotifier(url: url, maxAttempts: 3, initialBackoff: 0.2, queueLimit: 2) { line in
            logs.withLock { $0.append(line) }
        }
        for i in 0..<5 { webhook.send(F.signal(i).jsonData) }
        webhook.waitUntilIdle()
        let lines = logs.withLock { $0 }
        XCTAssertEqual(lines.filter { $0.hasPrefix("The webhook queue is full") }.count, 3, "\(lines)")
        XCTAssertEqual(lines.filter { $0.hasPrefix("The webhook failed 3 times") }.count, 2, "\(lines)")
    }

    /// `send` returns while a POST still waits for its answer: the server holds every answer
    /// until all five sends have returned; the two the queue took are then delivered in order.
    func testSendReturnsWhileAPostWaitsForItsAnswer() throws {
        let server = try LocalHTTPServer(holdAnswers: true)
        defer {
            server.releaseAnswers()
            server.stop()
        }
        let logs = Mutex<[String]>([])
        let webhook = WebhookNotifier(url: server.url, maxAttempts: 1, initialBackoff: 0.05, queueLimit: 2, requestTimeout: 5) { line in
            logs.withLock { $0.append(line) }
        }
        let signals = (0..<5).map { F.signal($0) }
        for s in signals { webhook.send(s.jsonData) }
        XCTAssertEqual(server.answered.withLock { $0 }, 0, "every send returned before the server answered")
        XCTAssertEqual(logs.withLock { $0 }.filter { $0.hasPrefix("The webhook queue is full") }.count, 3)
        server.releaseAnswers()
        webhook.waitUntilIdle()
        XCTAssertEqual(server.bodies.withLock { $0 }, signals.prefix(2).map(\.jsonLine))
        XCTAssertEqual(server.answered.withLock { $0 }, 2)
    }

    func testTheNotifierPostsThroughItsWebhookAndCommand() throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let directory = F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let settings = NotificationSettings(enabled: [.webhook, .command], command: "cat > '\(directory)/c.json'",
                                            webhookURL: server.url)
        let notifier = SignalNotifier(settings: settings, environment: [:], terminal: { _ in }, present: { _ in })
        let signal = F.signal(0)
        notifier.notify([signal])
        notifier.waitUntilIdle()
        XCTAssertEqual(server.bodies.withLock { $0 }, [signal.jsonLine])
        XCTAssertEqual(try String(contentsOfFile: directory + "/c.json", encoding: .utf8), signal.jsonLine)
    }
}
