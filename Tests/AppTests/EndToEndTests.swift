import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real binary in a real terminal: `thebot --demo` (and one run against an unreachable
/// exchange) inside a private tmux server, driven with keys and read back with capture-pane.
/// See `TmuxDriver` for the isolation (own tmux socket, throwaway HOME and XDG directories).
///
/// Every wait polls with a deadline; nothing asserts on wall-clock speed.
final class EndToEndTests: XCTestCase {
    private var tmux: TmuxDriver?

    /// Signals still run, but nothing pops up over the screen: a toast or a modal arriving at a
    /// random moment would cover text the tests look for, or take the Esc meant for the help.
    static let quietAlerts = """
    [alerts]
    toast = false
    desktop = false
    bell = false
    modal_strength = 2
    """

    override func setUpWithError() throws {
        do {
            tmux = try TmuxDriver(width: 160, height: 48, config: Self.quietAlerts)
        } catch {
            XCTFail("Could not start tmux: \(error)")
        }
    }

    override func tearDown() {
        tmux?.shutdown()
        tmux = nil
        super.tearDown()
    }

    private var driver: TmuxDriver {
        get throws {
            guard let tmux else { throw TmuxDriver.Failure(description: "no tmux driver") }
            return tmux
        }
    }

    /// Starts `thebot --demo` and waits for the first full frame: status bar, watchlist with
    /// prices, chart title.
    @discardableResult
    private func startDemo(_ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> TmuxDriver.Screen {
        let t = try driver
        try t.startThebot(["--demo"] + extra)
        return try t.waitFor("the demo monitor's first frame with prices", file: file, line: line) { s in
            s.row(0).hasPrefix(" thebot") && s.contains("BTCUSDT · 1m") && s.watchlistLast("BTCUSDT") != nil
        }
    }

    /// Presses q and checks the shell comes back with status 0.
    private func quit(file: StaticString = #filePath, line: UInt = #line) throws {
        let t = try driver
        try t.press("q")
        XCTAssertEqual(try t.waitForExit(file: file, line: line), 0, "q should exit with status 0", file: file, line: line)
    }

    // MARK: - Tests

    func testDemoShowsWatchlistChartAndDemoBadge() throws {
        let t = try driver
        try startDemo()
        let symbols = ["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "SHIBUSDT"]
        // Each row gets its price from its own stream, so they need not all arrive in one frame.
        let screen = try t.waitFor("a price in every watchlist row") { s in
            symbols.allSatisfy { s.watchlistLast($0) != nil }
        }
        XCTAssertTrue(screen.row(0).contains(" DEMO "), "status bar has the DEMO badge:\(screen)")
        XCTAssertTrue(screen.row(0).hasSuffix("UTC"), "status bar ends with the UTC clock:\(screen)")
        XCTAssertTrue(screen.contains("Watchlist"), "watchlist panel:\(screen)")
        XCTAssertTrue(screen.contains("▌BTCUSDT"), "BTCUSDT is selected at start:\(screen)")
        XCTAssertTrue(screen.contains("BTCUSDT · 1m"), "chart title:\(screen)")
        XCTAssertTrue(screen.lastNonEmptyRow.contains("q quit"), "key hints on the bottom row:\(screen)")
        try quit()
    }

    func testPricesMove() throws {
        let t = try driver
        // At 10× the simulated tape trades often enough that a change comes within seconds; at
        // real time BTCUSDT can sit on one price for ten seconds or so.
        let first = try startDemo(["--speed", "10"])
        let before = try XCTUnwrap(first.watchlistLast("BTCUSDT"))
        let after = try t.waitFor("the BTCUSDT last price to change from \(before)") { s in
            s.watchlistLast("BTCUSDT").map { $0 != before } ?? false
        }
        XCTAssertNotEqual(after.watchlistLast("BTCUSDT"), before)
        try quit()
    }

    func testRefreshKeyCyclesTheStatusBarRate() throws {
        let t = try driver
        let screen = try startDemo()
        XCTAssertTrue(screen.row(0).contains("⟳ 500ms"), "default refresh is 500 ms:\(screen)")
        try t.press("f")
        try t.waitFor("⟳ 1000ms in the status bar") { $0.row(0).contains("⟳ 1000ms") }
        try t.press("f")
        try t.waitFor("⟳ 100ms in the status bar") { $0.row(0).contains("⟳ 100ms") }
        try t.press("f")
        try t.waitFor("⟳ 500ms in the status bar again") { $0.row(0).contains("⟳ 500ms") }
        try quit()
    }

    func testSelectionMovesAndTheChartFollows() throws {
        let t = try driver
        try startDemo()
        try t.press("j")
        let down = try t.waitFor("ETHUSDT selected and its chart") { s in
            s.contains("ETHUSDT · 1m") && s.contains("▌ETHUSDT")
        }
        XCTAssertFalse(down.contains("BTCUSDT · 1m"), "only one chart title:\(down)")
        XCTAssertFalse(down.contains("▌BTCUSDT"), "only one selected row:\(down)")
        try t.press("k")
        try t.waitFor("BTCUSDT selected again and its chart") { s in
            s.contains("BTCUSDT · 1m") && s.contains("▌BTCUSDT") && !s.contains("ETHUSDT · 1m")
        }
        // Arrow keys do the same.
        try t.press("Down")
        try t.waitFor("ETHUSDT selected with the down arrow") { $0.contains("ETHUSDT · 1m") }
        try t.press("Up")
        try t.waitFor("BTCUSDT selected with the up arrow") { $0.contains("BTCUSDT · 1m") }
        try quit()
    }

    func testHelpOverlayOpensAndCloses() throws {
        let t = try driver
        try startDemo()
        func helpShown(_ s: TmuxDriver.Screen) -> Bool {
            s.contains("next symbol") && s.contains("previous symbol") && s.contains("refresh rate")
                && s.contains("? or Esc to close")
        }
        try t.press("?")
        let open = try t.waitFor("the help overlay", helpShown)
        XCTAssertTrue(open.contains("reconnect now"), "help lists reconnect:\(open)")
        XCTAssertTrue(open.contains("chart interval"), "help lists the interval keys:\(open)")
        try t.press("?")
        try t.waitFor("the help overlay to close with ?") { !helpShown($0) && $0.contains("BTCUSDT · 1m") }
        try t.press("?")
        try t.waitFor("the help overlay again", helpShown)
        try t.press("Escape")
        try t.waitFor("the help overlay to close with Esc") { !helpShown($0) && $0.contains("BTCUSDT · 1m") }
        // Keys work normally once it is closed (Esc must not be left half-read).
        try t.press("j")
        try t.waitFor("ETHUSDT selected after closing help") { $0.contains("ETHUSDT · 1m") }
        try quit()
    }

    func testResizeRelayouts() throws {
        let t = try driver
        try startDemo()

        /// A full frame laid out for the current size: the status bar on the first row with the
        /// clock at its right edge, the chart, and the key hints on the last row.
        func laidOut(_ s: TmuxDriver.Screen, width: Int, height: Int) -> Bool {
            s.lines.count == height
                && s.row(0).hasPrefix(" thebot") && s.row(0).hasSuffix("UTC") && s.row(0).count <= width
                && s.row(0).count >= width - 2
                && s.contains("BTCUSDT · 1m")
                && s.row(height - 1).contains("q quit")
                && s.lines.allSatisfy { $0.count <= width }
                && !s.contains("Terminal too small")
        }
        for (w, h) in [(100, 30), (200, 60)] {
            try t.resize(width: w, height: h)
            try t.waitFor("a \(w)x\(h) layout") { laidOut($0, width: w, height: h) }
        }
        try t.resize(width: 60, height: 15)
        let small = try t.waitFor("the terminal-too-small message at 60x15") { s in
            s.contains("Terminal too small") && s.contains("have 60x15")
        }
        XCTAssertFalse(small.contains("BTCUSDT · 1m"), "no chart when too small:\(small)")
        try t.resize(width: 160, height: 48)
        try t.waitFor("the full layout back at 160x48") { laidOut($0, width: 160, height: 48) }
        // Still responsive after all that.
        try t.press("j")
        try t.waitFor("ETHUSDT selected after resizing") { $0.contains("ETHUSDT · 1m") }
        try quit()
    }

    func testQuitRestoresTheShellAndTerminalModes() throws {
        let t = try driver
        try startDemo()
        try quit()
        let words = try t.sttyWords()
        XCTAssertTrue(words.contains("icanon"), "canonical mode back on: \(words.sorted())")
        XCTAssertTrue(words.contains("echo"), "echo back on: \(words.sorted())")
        XCTAssertFalse(words.contains("-icanon"), "still in cbreak mode: \(words.sorted())")
        XCTAssertFalse(words.contains("-echo"), "echo still off: \(words.sorted())")
        // The monitor logged to the throwaway state directory, not the user's.
        let log = t.stateDirectory.appendingPathComponent("thebot/thebot.log").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: log), "log at \(log)")
    }

    func testSigtermRestoresTheTerminalAndExits143() throws {
        let t = try driver
        try startDemo()
        let pid = try t.childPID()
        XCTAssertEqual(kill(pid, SIGTERM), 0, "kill(\(pid), SIGTERM)")
        XCTAssertEqual(try t.waitForExit(), 0, "a stop by SIGTERM is a clean exit")
        let words = try t.sttyWords()
        XCTAssertTrue(words.contains("icanon") && words.contains("echo"), "terminal modes restored: \(words.sorted())")
        XCTAssertFalse(words.contains("-icanon") || words.contains("-echo"), "terminal modes restored: \(words.sorted())")
    }

    func testUnreachableExchangeSaysWhyAndSuggestsDemo() throws {
        let t = try driver
        try t.startThebot(["--endpoint", "ws://127.0.0.1:1", "--rest-endpoint", "http://127.0.0.1:1"])
        let screen = try t.waitFor("the monitor with a connection failure that suggests --demo") { s in
            s.row(0).hasPrefix(" thebot") && s.contains("BTCUSDT · 1m")
                && s.lastNonEmptyRow.contains("thebot --demo")
        }
        let message = screen.lastNonEmptyRow
        XCTAssertTrue(message.contains("Cannot connect") || message.contains("failed"),
                      "the message line says what failed: \(message)")
        XCTAssertFalse(screen.row(0).contains("age 0.0s"), "no data has arrived, so no data age:\(screen)")
        XCTAssertFalse(screen.row(0).contains("DEMO"), "no DEMO badge without --demo:\(screen)")
        XCTAssertTrue(screen.row(0).contains("127.0.0.1:1"), "the endpoint is named in the status bar:\(screen)")
        for symbol in ["BTCUSDT", "ETHUSDT"] {
            XCTAssertNil(screen.watchlistLast(symbol), "no price for \(symbol) without an exchange:\(screen)")
        }
        try quit()
    }
}
