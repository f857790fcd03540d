import Foundation
import Simulator
import XCTest

/// The real binary as a child process, for the reliability tests: a private HOME, stdout read
/// line by line, and waits that fail with a message instead of hanging.
struct ReliabilityHarness {
    let home: URL

    init(test: XCTestCase) throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-rel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let home = self.home
        test.addTeardownBlock { try? FileManager.default.removeItem(at: home) }
    }

    var stateDirectory: URL { home.appendingPathComponent("state/thebot") }
    var configDirectory: URL { home.appendingPathComponent("config/thebot") }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path
        env["XDG_CONFIG_HOME"] = home.appendingPathComponent("config").path
        env["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
        return env
    }

    /// Writes `config.toml` where the binary looks for it (mode 0600).
    func writeConfig(_ text: String) throws {
        try FileManager.default.createDirectory(at: configDirectory, withIntermediateDirectories: true)
        let path = configDirectory.appendingPathComponent("config.toml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
    }

    func start(_ arguments: [String], stderr: Pipe? = nil) throws -> (Process, StreamCommandTests.LineSink) {
        guard FileManager.default.isExecutableFile(atPath: StreamCommandTests.binary) else {
            XCTFail("the thebot binary is not built at \(StreamCommandTests.binary); `make test` builds it first")
            throw CancellationError()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: StreamCommandTests.binary)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = stderr ?? FileHandle.nullDevice
        try process.run()
        return (process, StreamCommandTests.LineSink(out))
    }

    /// Runs to the end; returns the exit status, stdout and stderr.
    func run(_ arguments: [String], timeout: Double = 30) throws -> (status: Int32, out: String, err: String) {
        let err = Pipe()
        let (process, sink) = try start(arguments, stderr: err)
        try Self.waitForExit(process, timeout: timeout, what: "thebot \(arguments.first ?? "")")
        Thread.sleep(forTimeInterval: 0.1)
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, sink.lines.joined(separator: "\n"), errText)
    }

    /// Polls `condition` every 50 ms; fails with `what` after `timeout` seconds.
    @discardableResult
    static func waitUntil(_ what: String, timeout: Double, file: StaticString = #filePath, line: UInt = #line,
                          _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if Date() >= deadline {
                XCTFail("Timed out after \(Int(timeout)) s waiting for \(what).", file: file, line: line)
                return false
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return true
    }

    static func waitForExit(_ process: Process, timeout: Double, what: String,
                            file: StaticString = #filePath, line: UInt = #line) throws {
        let exited = waitUntil("\(what) to exit", timeout: timeout, file: file, line: line) { !process.isRunning }
        if !exited {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw CancellationError()
        }
        process.waitUntilExit()
    }

    static func json(_ line: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }

    /// A simulator on a free loopback port, with the flags `stream` and the monitor need to use it.
    static func simulator(speed: Double = 60) async throws -> (SimulatedExchange, [String]) {
        var options = SimulatorOptions()
        options.seed = 13
        options.speed = speed
        options.historyDays = 1
        let sim = SimulatedExchange(options: options)
        let port = try await sim.start()
        return (sim, ["--endpoint", "ws://127.0.0.1:\(port)", "--rest-endpoint", "http://127.0.0.1:\(port)"])
    }
}
