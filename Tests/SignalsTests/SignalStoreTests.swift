import Foundation
import MarketModel
import Synchronization
import XCTest
@testable import Signals

final class SignalStoreTests: XCTestCase {
    typealias F = SeriesFixture
    private var directory = ""

    override func setUp() {
        directory = F.temporaryDirectory()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func testWALModeAndPrivateFileModes() throws {
        let path = directory + "/nested/state/signals.sqlite"
        let store = try SignalStore(path: path)
        try store.append(F.signal(1))
        XCTAssertEqual(try store.journalMode(), "wal")
        // A long-running monitor's history holds at most this much in memory (SQLite's default is 2 MiB).
        XCTAssertEqual(try store.pageCacheKiB(), 256)
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertEqual(try mode(directory + "/nested/state"), 0o700)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"))
        XCTAssertEqual(try mode(path + "-wal"), 0o600)
    }

    func testAnExistingLooseFileIsTightenedTo0600() throws {
        let path = directory + "/loose.sqlite"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        _ = try SignalStore(path: path)
        XCTAssertEqual(try mode(path), 0o600)
    }

    func testSignalsSurviveReopenWithEveryField() throws {
        let path = directory + "/signals.sqlite"
        let written = (0..<5).map { F.signal($0, reason: "reason \($0); with \"quotes\"") }
        do {
            let store = try SignalStore(path: path)
            try store.append(contentsOf: written)
            try store.append(written[0])  // the same id twice is stored once
        }
        let reopened = try SignalStore(path: path)
        XCTAssertEqual(try reopened.count(), 5)
        XCTAssertEqual(try reopened.recent(limit: 3), Array(written.suffix(3)))
        XCTAssertEqual(try reopened.recent(limit: 100), written)
    }

    func testRetentionDeletesOnlyOldRows() throws {
        let store = try SignalStore(path: directory + "/signals.sqlite")
        let now = F.base + 30 * 86_400_000
        let old = F.signal(0, time: now - 8 * 86_400_000)
        let recent = F.signal(1, time: now - 6 * 86_400_000)
        try store.append(contentsOf: [old, recent])
        XCTAssertEqual(try store.applyRetention(days: 7, now: now), 1)
        XCTAssertEqual(try store.recent(limit: 10), [recent])
    }

    /// `record` never waits for the disk: the writer is held inside its first hand-off while
    /// the rest of the burst is recorded, and every `record` returns with those rows not yet
    /// written; once the writer goes on, every signal is stored before it is handed on.
    func testRecorderStoresABurstBeforeHandingItOn() throws {
        let path = directory + "/signals.sqlite"
        let store = try SignalStore(path: path)
        let probe = try SignalStore(path: path)
        let seen = Counter()
        let writerHeld = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let recorder = try SignalRecorder(store: store) { batch in
            // Everything handed on must already be readable from another connection.
            let stored = (try? probe.count()) ?? -1
            seen.add(batch.count, storedAtDelivery: stored)
            if seen.batches == 1 {
                writerHeld.signal()
                release.wait()
            }
        }
        let burst = (0..<1500).map { F.signal($0) }
        // Recorded from another thread, so a `record` that waited for the writer fails the
        // test below instead of hanging the suite.
        let recorded = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            recorder.record(burst[0])
            // The writer is held inside its first hand-off: recording the rest must return anyway.
            guard writerHeld.wait(timeout: .now() + 30) == .success else { return }
            for s in burst.dropFirst() { recorder.record(s) }
            recorded.signal()
        }
        let returned = recorded.wait(timeout: .now() + 30) == .success
        XCTAssertTrue(returned, "record waited for the writer (or the writer never handed on the first signal)")
        XCTAssertEqual(try store.count(), 1, "rows written while the writer was held")
        release.signal()
        if !returned { _ = recorded.wait(timeout: .now() + 30) }
        recorder.flush()
        XCTAssertEqual(try store.count(), 1500)
        XCTAssertEqual(seen.total, 1500)
        XCTAssertTrue(seen.alwaysStoredFirst, "a batch was handed on before it was committed")
        XCTAssertGreaterThan(seen.batches, 1)
        XCTAssertLessThan(seen.batches, 1500, "signals must be batched")
        XCTAssertEqual(recorder.recent.count, 100)
        XCTAssertEqual(recorder.recent.last, burst.last)
    }

    func testRecorderFillsItsHistoryFromTheStoreAndAppliesRetention() throws {
        let path = directory + "/signals.sqlite"
        let now = SignalStore.nowMilliseconds()
        try SignalStore(path: path).append(contentsOf: [F.signal(0, time: now - 10 * 86_400_000), F.signal(1, time: now - 1000)])
        let recorder = try SignalRecorder(store: try SignalStore(path: path), retentionDays: 7) { _ in }
        XCTAssertEqual(recorder.recent.map(\.time), [now - 1000])
    }

    func testDefaultPathFollowsXDG() {
        XCTAssertEqual(SignalStore.defaultPath(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/u"]),
                       "/x/state/thebot/signals.sqlite")
        XCTAssertEqual(SignalStore.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/u"]),
                       "/home/u/.local/state/thebot/signals.sqlite")
        XCTAssertEqual(SignalStore.defaultPath(environment: ["HOME": "/home/u"]), "/home/u/.local/state/thebot/signals.sqlite")
    }

    func testAnUnwritablePathIsOneSentence() {
        XCTAssertThrowsError(try SignalStore(path: "/proc/nope/signals.sqlite")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("Cannot create the signal history folder /proc/nope"), text)
        }
    }
}

/// Collects what the recorder hands on, from its writer queue.
private final class Counter: Sendable {
    private struct State {
        var total = 0
        var batches = 0
        var alwaysStoredFirst = true
    }
    private let state = Mutex(State())

    func add(_ n: Int, storedAtDelivery stored: Int) {
        state.withLock { s in
            s.total += n
            s.batches += 1
            if stored < s.total { s.alwaysStoredFirst = false }
        }
    }

    var total: Int { state.withLock { $0.total } }
    var batches: Int { state.withLock { $0.batches } }
    var alwaysStoredFirst: Bool { state.withLock { $0.alwaysStoredFirst } }
}
