import Foundation
import Signals
import XCTest

/// A burst of 1000 signals a second, killed with SIGKILL mid-way: every signal that was shown
/// is in the database after the restart.
final class SignalBurstTests: XCTestCase {
    func testKillNineDuringABurstLosesNoSignalThatWasShown() throws {
        guard FileManager.default.isExecutableFile(atPath: StreamCommandTests.binary) else {
            XCTFail("the thebot binary is not built at \(StreamCommandTests.binary); `make test` builds it first")
            throw CancellationError()
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-burst-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = dir.appendingPathComponent("signals.sqlite").path

        let process = Process()
        process.executableURL = URL(fileURLWithPath: StreamCommandTests.binary)
        process.arguments = ["signal-burst", "--database", database, "--count", "20000", "--rate", "1000"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()

        var shown: [String] = []
        var buffer = Data()
        let handle = out.fileHandleForReading
        while shown.count < 1500 {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                if line.hasPrefix("shown ") { shown.append(String(line.dropFirst(6))) }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertGreaterThanOrEqual(shown.count, 1500)

        let store = try SignalStore(path: database)
        let stored = Set(try store.signals().map { $0.id.uuidString })
        let lost = shown.filter { !stored.contains($0) }
        XCTAssertEqual(lost.count, 0, "\(lost.count) of \(shown.count) shown signals are not in the database")
        XCTAssertGreaterThanOrEqual(stored.count, shown.count)
        XCTAssertEqual(try store.journalMode().lowercased(), "wal")
        let mode = (try FileManager.default.attributesOfItem(atPath: database)[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600)
    }
}
