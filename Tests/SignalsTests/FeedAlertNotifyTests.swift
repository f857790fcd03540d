import Foundation
import MarketModel
import XCTest
@testable import Signals

/// The feed alert goes out on the signal channels, and a webhook's secret never reaches the log.
final class FeedAlertNotifyTests: XCTestCase {
    func testAFeedAlertReachesToastTerminalAndCommandOnce() throws {
        let directory = SeriesFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let calls = directory + "/calls"
        let presented = Locked<[SignalPresentation]>([])
        let bytes = Locked<[UInt8]>([])
        let notifier = SignalNotifier(
            settings: NotificationSettings(enabled: [.toast, .bell, .osc9, .osc777, .command],
                                           command: "cat >> \(calls); echo >> \(calls)"),
            environment: [:],
            terminal: { b in bytes.withLock { $0 += b } },
            present: { p in presented.withLock { $0.append(p) } })
        let alert = FeedAlert(state: .down, time: 1_764_000_000_000, symbols: [Symbol("BTCUSDT")!],
                              message: "Feed down: no data for BTCUSDT for 31 s; reconnecting, you will be told when it is back.")
        notifier.announce(alert)
        notifier.waitUntilIdle()
        let toasts = presented.withLock { $0 }
        XCTAssertEqual(toasts.count, 1)
        if case .toast(let t)? = toasts.first {
            XCTAssertEqual(t.title, "Feed down")
            XCTAssertTrue(t.body.hasPrefix("Feed down: no data for BTCUSDT"), t.body)
        } else {
            XCTFail("no toast: \(toasts)")
        }
        let terminal = String(decoding: bytes.withLock { $0 }, as: UTF8.self)
        XCTAssertTrue(terminal.hasPrefix("\u{07}"), "bell first")
        XCTAssertTrue(terminal.contains("\u{1b}]9;thebot: Feed down"), terminal)
        XCTAssertTrue(terminal.contains("\u{1b}]777;notify;thebot Feed down;"), terminal)
        let lines = try String(contentsOfFile: calls, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one command run: \(lines)")
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        XCTAssertEqual(object?["type"] as? String, "feed")
        XCTAssertEqual(object?["state"] as? String, "down")
        XCTAssertEqual(object?["symbols"] as? [String], ["BTCUSDT"])
    }

    func testAFailingWebhookLogsItsHostButNeverItsPathOrToken() {
        // Nothing listens on port 9 of loopback: every attempt fails at once.
        let url = URL(string: "http://hookuser:hookpass@127.0.0.1:9/services/T000SECRET/B111SECRET?token=abc123secret")!
        let logged = Locked<[String]>([])
        var settings = NotificationSettings(enabled: [.webhook], webhookURL: url)
        settings.webhookAttempts = 2
        settings.webhookBackoff = 0.01
        let notifier = SignalNotifier(settings: settings, environment: [:], log: { line in logged.withLock { $0.append(line) } },
                                      terminal: { _ in }, present: { _ in })
        notifier.notify([SeriesFixture.signal(1)])
        notifier.waitUntilIdle()
        let log = logged.withLock { $0 }.joined(separator: "\n")
        XCTAssertTrue(log.contains("webhook"), "the failure is logged: \(log)")
        XCTAssertTrue(log.contains("http://127.0.0.1:9"), "the host is named: \(log)")
        for secret in ["T000SECRET", "B111SECRET", "abc123secret", "hookpass", "hookuser", "/services/"] {
            XCTAssertFalse(log.contains(secret), "\(secret) leaked into the log: \(log)")
        }
    }

    func testRedactionKeepsSchemeHostAndPortOnly() {
        let url = URL(string: "https://u:p@hooks.example.com:8443/a/very/secret/path?token=xyz")!
        XCTAssertEqual(Redaction.url(url), "https://hooks.example.com:8443")
        XCTAssertEqual(Redaction.scrub("POST to \(url.absoluteString) failed; /a/very/secret/path", secrets: Redaction.secrets(of: url)),
                       "POST to [redacted] failed; [redacted]")
    }
}
