import Foundation
import XCTest

/// Files and secrets: what thebot writes is 0600 in a 0700 directory (looser leftovers are
/// tightened), a config file others can change is refused with the fix, and a webhook's token
/// never reaches the log.
final class PrivateFilesTests: XCTestCase {
    private func mode(_ path: String) -> Int? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue
    }

    private func octal(_ m: Int?) -> String { m.map { String($0, radix: 8) } ?? "missing" }

    func testWhatThebotWritesIsPrivateAndLooserLeftoversAreTightened() throws {
        let harness = try ReliabilityHarness(test: self)
        let state = harness.stateDirectory.path
        // An older run (or a careless copy) left these readable by everyone.
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        chmod(state, 0o755)
        for name in ["thebot.log", "signals.sqlite"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: state + "/" + name, contents: nil))
            chmod(state + "/" + name, 0o644)
        }
        let (process, sink) = try harness.start(["stream", "--json", "--demo", "--speed", "30",
                                                 "--symbols", "BTCUSDT,ETHUSDT,SOLUSDT", "--interval", "1s"])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        ReliabilityHarness.waitUntil("a stored signal", timeout: 120) {
            sink.lines.contains { $0.hasPrefix("{\"type\":\"signal\"") }
        }
        // While it runs, the write-ahead log and shared memory exist too.
        for suffix in ["-wal", "-shm"] {
            XCTAssertEqual(octal(mode(state + "/signals.sqlite" + suffix)), "600", "signals.sqlite\(suffix)")
        }
        kill(process.processIdentifier, SIGTERM)
        try ReliabilityHarness.waitForExit(process, timeout: 10, what: "stream after SIGTERM")
        XCTAssertEqual(octal(mode(state)), "700", "the state directory")
        XCTAssertEqual(octal(mode(state + "/signals.sqlite")), "600")
        XCTAssertEqual(octal(mode(state + "/thebot.log")), "600")
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: state + "/signals.sqlite" + suffix) {
            XCTAssertEqual(octal(mode(state + "/signals.sqlite" + suffix)), "600", "signals.sqlite\(suffix)")
        }
    }

    func testAConfigFileOthersCanChangeIsRefusedWithTheFix() throws {
        let harness = try ReliabilityHarness(test: self)
        try harness.writeConfig("refresh_ms = 500\n")
        let path = harness.configDirectory.appendingPathComponent("config.toml").path
        for loose in [0o666, 0o620, 0o602] as [mode_t] {
            chmod(path, loose)
            for command in [["config", "--check"], ["stream", "--json", "--demo"]] {
                let result = try harness.run(command)
                XCTAssertEqual(result.status, 2, "\(command) with mode \(String(loose, radix: 8))")
                let sentence = "thebot: The config file \(path) can be changed by other users (mode \(String(loose, radix: 8))); "
                    + "fix it with `chmod 600 \(path)`.\n"
                XCTAssertEqual(result.err, sentence, "\(command)")
                XCTAssertEqual(result.out, "", "nothing runs with a config others can change")
            }
        }
        chmod(path, 0o644)
        let accepted = try harness.run(["config", "--check"])
        XCTAssertEqual(accepted.status, 0, "a config only its owner can change is read: \(accepted.err)")
    }

    func testAFailingWebhookLeavesNeitherItsPathNorItsTokenInTheLog() throws {
        // Nothing listens on port 9: every post fails, and the failure is logged.
        let t = try TmuxDriver(config: """
            [alerts]
            webhook = "http://127.0.0.1:9/hooks/T0PATHSECRET/B1PATHSECRET?token=TOKENSECRET"
            desktop = false
            """)
        defer { t.shutdown() }
        try t.startThebot(["--demo", "--speed", "300"])
        let log = t.stateDirectory.appendingPathComponent("thebot/thebot.log").path
        func logText() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        ReliabilityHarness.waitUntil("a webhook failure in the log", timeout: 120) {
            logText().contains("The webhook failed")
        }
        try t.press("q")
        XCTAssertEqual(try t.waitForExit(timeout: 10), 0)
        let text = logText()
        XCTAssertTrue(text.contains("(webhook http://127.0.0.1:9)"), "the log names the host: \(text.suffix(500))")
        for secret in ["PATHSECRET", "TOKENSECRET", "/hooks/", "token="] {
            XCTAssertFalse(text.contains(secret), "\(secret) is in the log")
        }
    }
}
