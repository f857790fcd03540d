import Foundation
import XCTest

/// `thebot --feed` in a real terminal: the monitor on a feed that `thebot serve --demo`
/// publishes on a real nats-server shows the feed's symbols, its chart and the feed's name.
final class FeedMonitorEndToEndTests: XCTestCase {
    func testTheMonitorOnAFeedShowsTheFeedsSymbolsChartAndName() throws {
        let nats = try NatsServer()
        defer { nats.remove() }
        try nats.start()
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: try TmuxDriver.binaryPath())
        // Two symbols that are not the monitor's default first one, so the watchlist can only
        // have come from the feed.
        serve.arguments = ["serve", "--nats", nats.url, "--demo", "--speed", "60", "--symbols", "SOLUSDT,ETHUSDT", "--interval", "1m"]
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        serve.environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config", "XDG_STATE_HOME": home.path + "/state"]
        let err = Pipe()
        serve.standardError = err
        serve.standardOutput = FileHandle.nullDevice
        try serve.run()
        defer {
            serve.terminate()
            serve.waitUntilExit()
        }
        let serveLines = StreamCommandTests.LineSink(err)
        let deadline = Date().addingTimeInterval(120)
        while !serveLines.lines.contains(where: { $0.contains("serving") }) {
            guard Date() < deadline, serve.isRunning else {
                return XCTFail("serve did not start: \(serveLines.lines.joined(separator: "\n"))")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }

        let tmux = try TmuxDriver(width: 160, height: 48, config: EndToEndTests.quietAlerts)
        defer { tmux.shutdown() }
        try tmux.startThebot(["--feed", nats.url, "--interval", "1m"])
        let screen = try tmux.waitFor("the feed's symbols with prices and its chart", timeout: 60) { s in
            s.watchlistLast("ETHUSDT") != nil && s.watchlistLast("SOLUSDT") != nil && s.contains("SOLUSDT · 1m")
        }
        XCTAssertTrue(screen.row(0).contains("feed \(nats.url)"), "the status bar names the feed:\(screen)")
        XCTAssertFalse(screen.contains("BTCUSDT"), "only the feed's symbols are in the watchlist:\(screen)")
        XCTAssertFalse(screen.row(0).contains(" DEMO "), "a viewer is not the demo:\(screen)")
        try tmux.waitFor("the feed's health in the status bar", timeout: 60) { $0.row(0).contains("LIVE") }
        // The feed's 24 h tickers fill the watchlist's change column ("–" without one).
        let changeColumn = try NSRegularExpression(pattern: #"SOLUSDT +[0-9,]+\.[0-9]+ +[+-]?[0-9]+\.[0-9]+%"#)
        try tmux.waitFor("the feed's 24 h change in the watchlist", timeout: 60) { s in
            changeColumn.firstMatch(in: s.text, range: NSRange(s.text.startIndex..., in: s.text)) != nil
        }
        // The viewer runs no rules of its own: a signal in its pane is one the feed computed.
        let signalRow = try NSRegularExpression(pattern: #"\d\d:\d\d:\d\d [▲▼·] (ETHUSDT|SOLUSDT) "#)
        try tmux.waitFor("a signal from the feed in the signal pane", timeout: 120) { s in
            signalRow.firstMatch(in: s.text, range: NSRange(s.text.startIndex..., in: s.text)) != nil
        }
        try tmux.press("q")
        XCTAssertEqual(try tmux.waitForExit(), 0, "q exits with status 0")
    }
}
