import Foundation
import XCTest

/// Every mistake on the command line is one sentence on stderr and exit code 2, the same form
/// whether the argument parser or the command found it; `--help` still prints the usage.
final class CommandLineTests: XCTestCase {
    /// One bad value for every option of every command that takes one. The coverage test below
    /// reads each command's `--help`, so a new option without a row here fails.
    static let badValues: [String: [String: String]] = [
        "monitor": [
            "--endpoint": "ftp://example", "--rest-endpoint": "ftp://example", "--seed": "abc", "--speed": "0",
            "--streams-per-connection": "0", "--stale-after": "0", "--history-bars": "0", "--symbols": "btc-usdt",
            "--tls-ca-file": "/nonexistent/ca.pem",
            "--interval": "7x", "--indicators": "ema(0)", "--refresh": "abc", "--theme": "no-such-theme",
            "--theme-dir": "/nonexistent-theme-dir", "--config": "/nonexistent-config.toml",
        ].merging(busValues) { a, _ in a },
        "stream": [
            "--symbols": "btc-usdt", "--interval": "7x", "--config": "/nonexistent-config.toml",
            "--endpoint": "ftp://example", "--rest-endpoint": "ftp://example", "--seed": "-", "--speed": "abc",
            "--streams-per-connection": "2000", "--stale-after": "0", "--history-bars": "9999",
            "--tls-ca-file": "/nonexistent/ca.pem",
            "--channels": "kline,orders", "--depth-levels": "0",
        ].merging(busValues) { a, _ in a },
        "serve": [
            "--nats": "ftp://example", "--symbols": "btc-usdt", "--interval": "7x", "--config": "/nonexistent-config.toml",
            "--signals-max-age": "0", "--bus-buffer": "0", "--channels": "kline,depth",
            "--endpoint": "ftp://example", "--rest-endpoint": "ftp://example", "--seed": "-", "--speed": "abc",
            "--streams-per-connection": "2000", "--stale-after": "0", "--history-bars": "9999",
            "--tls-ca-file": "/nonexistent/ca.pem",
        ].merging(busValues.filter { $0.key != "--feed" }) { a, _ in a },
        "indicators": ["--input": "/nonexistent-input.csv", "--indicators": "bogus(", "--output": "/nonexistent-dir/out.csv"],
        "sim": [
            "--port": "70000", "--seed": "abc", "--speed": "0", "--history-days": "0", "--ping-interval": "0",
            "--pong-timeout": "0", "--start-time": "abc", "--weight-limit": "0", "--drop-every": "abc",
            "--drop-probability": "2", "--malformed-rate": "2", "--stall-every": "abc", "--stall-seconds": "abc",
            "--refuse-connections": "abc", "--rest-delay-ms": "abc", "--firehose": "0",
        ],
        "history": ["--symbol": "btc-usdt", "--since": "yesterdayish", "--format": "xml",
                    "--database": "/nonexistent-dir/history.sqlite", "--config": "/nonexistent-config.toml"]
            .merging(busValues) { a, _ in a },
        "config": ["--config": "/nonexistent-config.toml"],
        "doctor": [
            "--endpoint": "ftp://example", "--rest-endpoint": "ftp://example", "--seed": "abc", "--speed": "0",
            "--streams-per-connection": "0", "--stale-after": "abc", "--history-bars": "0",
            "--tls-ca-file": "/nonexistent/ca.pem",
        ],
        "signal-burst": ["--database": "", "--count": "0", "--rate": "abc"],
    ]

    /// The feed and login options of the commands that can read a feed from NATS.
    static let busValues = [
        "--feed": "ftp://example", "--nats-creds": "/nonexistent.creds", "--nats-user": "alice", "--nats-password": "hunter2",
        "--nats-token": "",
    ]

    /// Arguments a command needs besides the bad one, so the bad one is what gets reported.
    static let context: [String: [String: [String]]] = [
        "stream": ["*": ["--json"]],
        // Nothing listens on port 1: a bad value that got past parsing would still fail fast.
        "serve": ["*": ["--nats", "nats://127.0.0.1:1"], "--nats": []],
        "indicators": ["--input": ["--indicators", "ema(5)"], "--indicators": ["--input", "x.csv"],
                       "--output": ["--input", "FIXTURE", "--indicators", "ema(5)"]],
        "config": ["--config": ["--check"]],
        "signal-burst": ["--count": ["--database", "x.sqlite"], "--rate": ["--database", "x.sqlite"]],
    ]

    /// The arguments a command cannot run without, so an unknown flag is what gets reported.
    static let required: [String: [String]] = [
        "indicators": ["--input", "x.csv", "--indicators", "ema(5)"],
        "serve": ["--nats", "nats://127.0.0.1:1"],
        "signal-burst": ["--database", "x.sqlite"],
    ]

    func testEveryOptionOfEveryCommandIsInTheTable() throws {
        for command in Self.badValues.keys.sorted() {
            let help = try run([command, "--help"])
            XCTAssertEqual(help.status, 0, "\(command) --help exits 0")
            let options = Set(help.stdout.split(separator: "\n").compactMap { line -> String? in
                let words = line.split(separator: " ")
                guard words.count >= 2, words[0].hasPrefix("--"), words[1].hasPrefix("<") else { return nil }
                return String(words[0])
            })
            XCTAssertFalse(options.isEmpty, "\(command) --help lists options:\n\(help.stdout)")
            // doctor reports a bad config file as a failed check (exit 1), tested in DoctorTests.
            let checkedElsewhere: Set<String> = command == "doctor" ? ["--config"] : []
            XCTAssertEqual(options.subtracting(checkedElsewhere), Set(Self.badValues[command]!.keys),
                           "the table covers every option of \(command)")
        }
    }

    func testABadValueForAnyOptionIsOneSentenceAndExitCode2() throws {
        let home = try temporaryHome()
        for command in Self.badValues.keys.sorted() {
            for (flag, value) in Self.badValues[command]!.sorted(by: { $0.key < $1.key }) {
                let extra = Self.context[command]?[flag] ?? Self.context[command]?["*"] ?? []
                let fixture = TmuxDriver.packageRoot()!.appendingPathComponent("Tests/Fixtures/oracle/btcusdt_1d_default.csv").path
                let arguments = [command] + extra.map { $0 == "FIXTURE" ? fixture : $0 } + [flag, value]
                let result = try run(arguments, home: home)
                let shown = arguments.joined(separator: " ")
                XCTAssertEqual(result.status, 2, "`thebot \(shown)` exits 2; stderr: \(result.stderr)")
                assertOneSentence(result.stderr, about: [flag, value], command: shown)
            }
        }
    }

    func testUnknownFlagsAndMissingValuesAreOneSentenceToo() throws {
        let home = try temporaryHome()
        for command in Self.badValues.keys.sorted() {
            let unknown = try run([command] + (Self.required[command] ?? []) + ["--no-such-flag"], home: home)
            XCTAssertEqual(unknown.status, 2, "`thebot \(command) --no-such-flag` exits 2")
            assertOneSentence(unknown.stderr, about: ["--no-such-flag"], command: "\(command) --no-such-flag")
            let flag = Self.badValues[command]!.keys.sorted()[0]
            let missing = try run([command, flag], home: home)
            XCTAssertEqual(missing.status, 2, "`thebot \(command) \(flag)` (no value) exits 2")
            assertOneSentence(missing.stderr, about: [flag], command: "\(command) \(flag)")
        }
        let root = try run(["--refresh", "abc"], home: home)
        XCTAssertEqual(root.status, 2)
        XCTAssertEqual(root.stderr, "thebot: --refresh does not accept \"abc\" (Frame interval in milliseconds: 100, 500 or 1000 (f cycles it)); run `thebot --help` for the options.\n")
    }

    func testHelpStillPrintsTheUsage() throws {
        let help = try run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE:") || help.stdout.contains("Usage:"), help.stdout)
        XCTAssertTrue(help.stdout.contains("stream"), "subcommands are listed: \(help.stdout)")
    }

    // MARK: - Support

    private func assertOneSentence(_ stderr: String, about anyOf: [String], command: String,
                                   file: StaticString = #filePath, line: UInt = #line) {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, 1, "`thebot \(command)` prints one line, not:\n\(stderr)", file: file, line: line)
        XCTAssertTrue(stderr.hasPrefix("thebot: "), "`thebot \(command)`: \(stderr)", file: file, line: line)
        XCTAssertTrue(stderr.hasSuffix(".\n"), "`thebot \(command)` ends its sentence: \(stderr)", file: file, line: line)
        for raw in ["Usage:", "USAGE:", "Error:", "Help:"] {
            XCTAssertFalse(stderr.contains(raw), "`thebot \(command)` prints no usage block: \(stderr)", file: file, line: line)
        }
        let named = anyOf.filter { !$0.isEmpty }
        XCTAssertTrue(named.isEmpty || named.contains { stderr.contains($0) },
                      "`thebot \(command)` names \(named): \(stderr)", file: file, line: line)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private func run(_ arguments: [String], home: URL? = nil) throws -> Result {
        let dir = try home ?? temporaryHome()
        return try Self.runThebot(arguments, in: dir)
    }

    /// Runs the built `thebot` to its end in `dir` (a fresh temporary one when nil), with stdin
    /// on /dev/null and a private HOME and XDG directories.
    /// Past `timeout` seconds (when given) it is killed and the call fails saying so.
    static func runThebot(_ arguments: [String], in directory: URL? = nil, timeout: Double? = nil) throws -> Result {
        let binary = try TmuxDriver.binaryPath()
        let dir = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("thebot-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(at: dir) } }
        let out = dir.appendingPathComponent("out-\(UUID().uuidString)").path
        let err = dir.appendingPathComponent("err-\(UUID().uuidString)").path
        defer {
            unlink(out)
            unlink(err)
        }
        let environment = ["PATH=/usr/bin:/bin", "HOME=\(dir.path)", "LANG=C.UTF-8",
                           "XDG_CONFIG_HOME=\(dir.appendingPathComponent("config").path)",
                           "XDG_STATE_HOME=\(dir.appendingPathComponent("state").path)"] + SanitizerEnvironment.assignments
        // Run from the temporary directory so relative paths (x.sqlite) land there.
        let status = try TmuxDriver.spawnAndWait(["/bin/sh", "-c", "cd \"$0\" && exec \"$@\" </dev/null", dir.path, binary] + arguments,
                                                 environment: environment, stdoutPath: out, stderrPath: err,
                                                 timeout: timeout)
        return Result(status: status,
                      stdout: String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: FileManager.default.contents(atPath: err) ?? Data(), as: UTF8.self))
    }

    private func temporaryHome() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
