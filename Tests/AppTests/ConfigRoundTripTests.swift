import Foundation
import XCTest

/// The default config is a promise: every commented setting in it, uncommented, is one the
/// monitor accepts, and `config --check` refuses exactly what the monitor refuses.
final class ConfigRoundTripTests: XCTestCase {
    /// `thebot config --default` with every `# name = value` and `# [[table]]` line uncommented.
    func uncommentedDefault() throws -> (text: String, uncommented: Int) {
        let result = try CommandLineTests.runThebot(["config", "--default"])
        XCTAssertEqual(result.status, 0)
        var count = 0
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let pattern = #"^# ([A-Za-z0-9_-]+ = .+|\[\[[a-z_.]+\]\])$"#
            guard line.range(of: pattern, options: .regularExpression) != nil else { return String(line) }
            count += 1
            return String(line.dropFirst(2))
        }
        return (lines.joined(separator: "\n"), count)
    }

    func testEveryDefaultSettingUncommentedPassesTheCheckAndStartsTheMonitor() throws {
        let (text, count) = try uncommentedDefault()
        // Every key action, the two endpoints and the example rule.
        XCTAssertGreaterThanOrEqual(count, 35, "the default config offers a line per action:\n\(text)")
        for action in ["indicator-picker", "toggle-pause", "zoom-in", "zoom-out", "help", "quit"] {
            XCTAssertTrue(text.contains("\n\(action) = \""), "the default config lists \(action):\n\(text)")
        }

        let tmux = try TmuxDriver(width: 160, height: 48, config: text)
        defer { tmux.shutdown() }
        let path = tmux.home.appendingPathComponent("config/thebot/config.toml").path
        let check = try CommandLineTests.runThebot(["config", "--check", "--config", path])
        XCTAssertEqual(check.status, 0, "config --check accepts it: \(check.stderr)")
        XCTAssertTrue(check.stdout.contains("OK"), check.stdout)

        try tmux.startThebot(["--demo"])
        try tmux.waitFor("the monitor's first frame on the uncommented default config") { s in
            s.row(0).hasPrefix(" thebot") && s.contains("BTCUSDT · 1m")
        }
        try tmux.press("q")
        XCTAssertEqual(try tmux.waitForExit(), 0, "the monitor ran on it and quit with q")
    }

    func testCheckAndMonitorRefuseTheSameMistakesWithTheSameSentence() throws {
        let mistakes = [
            "[keys]\nindicators = \"i\"\n",
            "[keys]\nquit = \"no-such-key\"\n",
            "[[rules]]\nname = \"bad\"\nwhen = \"rsi(14) <\"\n",
            "indicators = [\"ema(0)\"]\n",
            // Table headers whose name starts with no key character: the TOML library stops
            // the process on these unless they are caught first (found by the config fuzzer).
            "refresh_ms = 250\n\n[[[rules]]\nname = \"x\"\n",
            "[[=\n",
            "[\u{FFFD}\u{FFFD}attributes]\n",
            "intervals = [\"1m\", \"5m\",}}}\n",
        ]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, mistake) in mistakes.enumerated() {
            let file = dir.appendingPathComponent("config-\(i).toml")
            try Data(mistake.utf8).write(to: file)
            let check = try CommandLineTests.runThebot(["config", "--check", "--config", file.path])
            let monitor = try CommandLineTests.runThebot(["--config", file.path])
            XCTAssertEqual(check.status, 2, "config --check refuses:\n\(mistake)")
            XCTAssertEqual(monitor.status, 2, "the monitor refuses:\n\(mistake)")
            XCTAssertEqual(check.stderr, monitor.stderr, "the same sentence for:\n\(mistake)")
            XCTAssertTrue(check.stderr.hasPrefix("thebot: ") && check.stderr.split(separator: "\n").count == 1, check.stderr)
        }
    }
}
