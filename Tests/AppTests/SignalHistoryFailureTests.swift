import Foundation
import GRDB
import XCTest

/// `thebot stream` while the signal history cannot be written (another process holds its write
/// lock): the history says so in a line, signals print with `"saved":false`, and once the lock
/// goes every one of them is in `thebot history`, stored in the order they were printed.
final class SignalHistoryFailureTests: XCTestCase {
    func testSignalsTheHistoryRefusesAreMarkedThenStoredInOrder() throws {
        let harness = try ReliabilityHarness(test: self)
        let (process, sink) = try harness.start(["stream", "--json", "--demo", "--speed", "30",
                                                 "--symbols", "BTCUSDT,ETHUSDT,SOLUSDT", "--interval", "1s,1m"])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func lines(_ type: String) -> [String] { sink.lines.filter { $0.hasPrefix("{\"type\":\"\(type)\"") } }
        // Stored signals first: the history works and is open.
        guard ReliabilityHarness.waitUntil("a first stored signal", timeout: 120, { !lines("signal").isEmpty }) else { return }

        // Another writer takes the database's write lock and keeps it.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let database = harness.stateDirectory.appendingPathComponent("signals.sqlite").path
        let locker = try DatabaseQueue(path: database, configuration: configuration)
        try locker.writeWithoutTransaction { try $0.execute(sql: "BEGIN EXCLUSIVE") }
        let storedBefore = lines("signal").count
        // What was stored before the lock; a signal committed just before it may still be on
        // its way to the output when the lines are counted.
        let storedAtLock = Set(try locker.writeWithoutTransaction { try String.fetchAll($0, sql: "SELECT id FROM signal") })

        guard ReliabilityHarness.waitUntil("the history's failing line and three unsaved signals", timeout: 120, {
            !lines("history").isEmpty && lines("signal").filter { $0.contains("\"saved\":false") }.count >= 3
        }) else { return }
        let failing = ReliabilityHarness.json(lines("history")[0])
        XCTAssertEqual(failing?["state"] as? String, "failing")
        XCTAssertEqual((failing?["message"] as? String)?.hasPrefix("The signal history cannot be written;"), true)
        // From the lock on, a signal printed as stored is one that was stored before it.
        let afterLock = Array(lines("signal").dropFirst(storedBefore))
        let shownStored = afterLock.filter { !$0.contains("\"saved\":false") }
        let notStored = shownStored.filter { line in
            // A line still being written when the output was read is not a line yet.
            guard let id = ReliabilityHarness.json(line)?["id"] as? String else { return false }
            return !storedAtLock.contains(id)
        }
        XCTAssertTrue(notStored.isEmpty, "a signal was printed as stored while the history failed: \(notStored)")
        XCTAssertTrue(afterLock.contains { $0.contains("\"saved\":false") }, "signals after the lock are marked unsaved")

        try locker.writeWithoutTransaction { try $0.execute(sql: "COMMIT") }
        guard ReliabilityHarness.waitUntil("the history's working line", timeout: 90, {
            lines("history").contains { $0.contains("\"state\":\"working\"") }
        }) else { return }
        kill(process.processIdentifier, SIGTERM)
        try ReliabilityHarness.waitForExit(process, timeout: 10, what: "stream after SIGTERM")
        XCTAssertEqual(process.terminationStatus, 0)

        let unsaved = lines("signal").filter { $0.contains("\"saved\":false") }.compactMap { ReliabilityHarness.json($0)?["id"] as? String }
        let history = try harness.run(["history", "--format", "json"])
        XCTAssertEqual(history.status, 0, history.err)
        let stored = history.out.split(separator: "\n").compactMap { ReliabilityHarness.json(String($0))?["id"] as? String }
        let missing = Set(unsaved).subtracting(stored)
        XCTAssertTrue(missing.isEmpty, "\(missing.count) of \(unsaved.count) unsaved signals never reached `thebot history`")
        // `history` lists by signal time; the order of storing is the table's sequence.
        let bySequence = try locker.read { db in try String.fetchAll(db, sql: "SELECT id FROM signal ORDER BY seq") }
        let storedUnsaved = bySequence.filter { Set(unsaved).contains($0) }
        XCTAssertTrue(storedUnsaved == unsaved, "the held signals are not stored in the order they were printed "
                      + "(first difference at \(zip(storedUnsaved, unsaved).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1))")
    }
}
