import Foundation
import XCTest

/// `thebot stream` commits every signal to the history before printing it: a stream killed
/// outright (SIGKILL, no chance to flush) leaves every signal it printed in `thebot history`.
final class StreamHistoryTests: XCTestCase {
    func testEverySignalPrintedBeforeSIGKILLIsInTheHistory() throws {
        guard FileManager.default.isExecutableFile(atPath: StreamCommandTests.binary) else {
            XCTFail("the thebot binary is not built at \(StreamCommandTests.binary); `make test` builds it first")
            return
        }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: home) }
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path
        env["XDG_CONFIG_HOME"] = home.appendingPathComponent("config").path
        env["XDG_STATE_HOME"] = home.appendingPathComponent("state").path

        let stream = Process()
        stream.executableURL = URL(fileURLWithPath: StreamCommandTests.binary)
        // Fast 1s bars on three symbols fire signals within seconds.
        stream.arguments = ["stream", "--json", "--demo", "--speed", "30", "--symbols", "BTCUSDT,ETHUSDT,SOLUSDT",
                            "--interval", "1s,1m"]
        stream.environment = env
        let pipe = Pipe()
        stream.standardOutput = pipe
        stream.standardError = FileHandle.nullDevice
        try stream.run()
        let sink = StreamCommandTests.LineSink(pipe)

        let deadline = Date().addingTimeInterval(120)
        func signalLines() -> [String] { sink.lines.filter { $0.hasPrefix("{\"type\":\"signal\"") } }
        while signalLines().isEmpty, stream.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(stream.processIdentifier, SIGKILL)
        stream.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.2)  // the reader thread takes the last bytes out of the pipe
        let printed = signalLines().compactMap(Self.id)
        XCTAssertFalse(printed.isEmpty, "no signal line within 120 s")

        let history = Process()
        history.executableURL = URL(fileURLWithPath: StreamCommandTests.binary)
        history.arguments = ["history", "--format", "json"]
        history.environment = env
        let out = Pipe()
        history.standardOutput = out
        history.standardError = FileHandle.nullDevice
        try history.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        history.waitUntilExit()
        XCTAssertEqual(history.terminationStatus, 0)
        let stored = Set(String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { Self.id(String($0)) })
        for id in printed {
            XCTAssertTrue(stored.contains(id), "printed signal \(id) is not in the history (\(stored.count) stored)")
        }
    }

    private static func id(_ line: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        return object["id"] as? String
    }
}
