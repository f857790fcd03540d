import Foundation
import XCTest

/// `thebot doctor`: one verdict line per check, exit 0 unless something fails.
final class DoctorTests: XCTestCase {
    static let verdicts = ["ok  ", "warn", "FAIL", "skip"]
    static let localChecks = ["terminal", "utf-8", "colours", "notify", "config", "themes", "log", "data"]

    func testDemoPrintsAVerdictForEveryCheckAndExits0() throws {
        let home = try temporaryHome()
        let result = try runDoctor(["doctor", "--demo"], home: home)
        XCTAssertEqual(result.status, 0, "doctor --demo exits 0:\n\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for line in lines {
            XCTAssertTrue(Self.verdicts.contains(String(line.prefix(4))), "every line starts with a verdict: \(line)")
            XCTAssertFalse(line.hasPrefix("FAIL"), line)
        }
        for check in Self.localChecks + ["rest dns", "rest tcp", "rest http", "clock", "stream dns", "stream tcp"] {
            XCTAssertTrue(lines.contains { $0.dropFirst(6).hasPrefix(check + " ") }, "a line for \(check):\n\(result.stdout)")
        }
        XCTAssertTrue(result.stdout.contains("TERM=xterm-256color is known to terminfo"), result.stdout)
        XCTAssertTrue(result.stdout.contains("LANG=C.UTF-8 is UTF-8"), result.stdout)
        XCTAssertTrue(result.stdout.contains("answered 200"), result.stdout)
    }

    func testNothingListeningGivesFailLinesNamingTheEndpointAndExit1() throws {
        let home = try temporaryHome()
        // Doctor never hangs: past 30 s it is killed and the test fails saying so.
        let result = try runDoctor(["doctor", "--endpoint", "ws://127.0.0.1:1", "--rest-endpoint", "http://127.0.0.1:1"], home: home,
                                   timeout: 30)
        XCTAssertEqual(result.status, 1, result.stdout)
        let fails = result.stdout.split(separator: "\n").filter { $0.hasPrefix("FAIL") }
        XCTAssertTrue(fails.contains { $0.contains("rest tcp") && $0.contains("http://127.0.0.1:1") && $0.contains("connection refused") },
                      result.stdout)
        XCTAssertTrue(fails.contains { $0.contains("stream tcp") && $0.contains("ws://127.0.0.1:1") && $0.contains("connection refused") },
                      result.stdout)
        for line in fails {
            XCTAssertTrue(line.hasSuffix("."), "a sentence: \(line)")
            XCTAssertFalse(line.contains("IOError") || line.contains("NIO") || line.contains("errno"), "no library text: \(line)")
        }
    }

    func testABadConfigFileFailsTheConfigLine() throws {
        let home = try temporaryHome()
        let file = home.appendingPathComponent("bad.toml")
        try "refresh_ms = 7\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try runDoctor(["doctor", "--demo", "--config", file.path], home: home)
        XCTAssertEqual(result.status, 1, result.stdout)
        let config = result.stdout.split(separator: "\n").first { $0.dropFirst(6).hasPrefix("config ") }
        XCTAssertNotNil(config, result.stdout)
        XCTAssertTrue(config?.hasPrefix("FAIL") ?? false, "\(config ?? "")")
        XCTAssertTrue(config?.contains("refresh_ms") ?? false, "names the key: \(config ?? "")")
        XCTAssertTrue(config?.contains("bad.toml line 1") ?? false, "names file and line: \(config ?? "")")
    }

    func testAMissingConfigFileAndABadFlagAreSentences() throws {
        let home = try temporaryHome()
        let missing = try runDoctor(["doctor", "--demo", "--config", home.appendingPathComponent("none.toml").path], home: home)
        XCTAssertEqual(missing.status, 1, missing.stdout)
        XCTAssertTrue(missing.stdout.contains("FAIL  config       the config file"), missing.stdout)
        let bad = try runDoctor(["doctor", "--endpoint", "ftp://example"], home: home)
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertTrue(bad.stderr.hasPrefix("thebot: ") && bad.stderr.contains("ftp://example"), bad.stderr)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)
    }

    func testTmuxPassthroughOffIsAWarningWithTheFix() throws {
        let home = try temporaryHome()
        let bin = try fakeTmux(in: home, passthrough: "off")
        let result = try runDoctor(["doctor", "--demo"], home: home, extra: ["TMUX=/tmp/tmux-0/default,1,0"], path: bin)
        XCTAssertEqual(result.status, 0, "a warning still exits 0:\n\(result.stdout)")
        let notify = result.stdout.split(separator: "\n").first { $0.dropFirst(6).hasPrefix("notify ") } ?? ""
        XCTAssertTrue(notify.hasPrefix("warn"), "\(notify)")
        XCTAssertTrue(notify.contains("set -g allow-passthrough on"), "\(notify)")
        XCTAssertTrue(notify.contains("tmux 3.3a"), "\(notify)")
    }

    func testTmuxPassthroughOnIsOK() throws {
        let home = try temporaryHome()
        let bin = try fakeTmux(in: home, passthrough: "on")
        let result = try runDoctor(["doctor", "--demo"], home: home, extra: ["TMUX=/tmp/tmux-0/default,1,0"], path: bin)
        let notify = result.stdout.split(separator: "\n").first { $0.dropFirst(6).hasPrefix("notify ") } ?? ""
        XCTAssertTrue(notify.hasPrefix("ok"), "\(notify)")
        XCTAssertTrue(notify.contains("allow-passthrough on"), "\(notify)")
    }

    func testInsideScreenSaysSo() throws {
        let home = try temporaryHome()
        let result = try runDoctor(["doctor", "--demo"], home: home, extra: ["STY=1234.pts-0.host"])
        let notify = result.stdout.split(separator: "\n").first { $0.dropFirst(6).hasPrefix("notify ") } ?? ""
        XCTAssertTrue(notify.hasPrefix("warn") && notify.contains("GNU screen"), "\(notify)")
    }

    // MARK: - Support

    /// A `tmux` on PATH that answers `-V` and `show -gv allow-passthrough` like tmux 3.3a.
    private func fakeTmux(in home: URL, passthrough: String) throws -> String {
        let bin = home.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = bin.appendingPathComponent("tmux")
        try """
        #!/bin/sh
        case "$1" in
          -V) echo "tmux 3.3a" ;;
          show) echo "\(passthrough)" ;;
          *) exit 1 ;;
        esac
        """.write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        return bin.path
    }

    /// Runs the built binary with a chosen environment: a terminal type and a UTF-8 locale,
    /// HOME and XDG directories in `home`, no TMUX or STY unless given.
    private func runDoctor(_ arguments: [String], home: URL, extra: [String] = [], path: String? = nil,
                           timeout: Double? = nil) throws -> CommandLineTests.Result {
        let binary = try TmuxDriver.binaryPath()
        let out = home.appendingPathComponent("out-\(UUID().uuidString)").path
        let err = home.appendingPathComponent("err-\(UUID().uuidString)").path
        defer {
            unlink(out)
            unlink(err)
        }
        let environment = ["PATH=\(path.map { $0 + ":" } ?? "")/usr/bin:/bin", "HOME=\(home.path)", "LANG=C.UTF-8",
                           "TERM=xterm-256color",
                           "XDG_CONFIG_HOME=\(home.appendingPathComponent("config").path)",
                           "XDG_STATE_HOME=\(home.appendingPathComponent("state").path)"] + extra + SanitizerEnvironment.assignments
        let status = try TmuxDriver.spawnAndWait(["/bin/sh", "-c", "cd \"$0\" && exec \"$@\" </dev/null", home.path, binary] + arguments,
                                                 environment: environment, stdoutPath: out, stderrPath: err, timeout: timeout)
        return CommandLineTests.Result(status: status,
                                       stdout: String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self),
                                       stderr: String(decoding: FileManager.default.contents(atPath: err) ?? Data(), as: UTF8.self))
    }

    private func temporaryHome() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-doctor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
