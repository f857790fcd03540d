import Foundation
import GRDB
import MarketModel
import XCTest
@testable import Signals

/// "Stored, then shown" when the disk fails: a signal the history refuses is never handed on as
/// stored; it is shown marked as not saved, the history says it is failing (once), and the
/// held signals are written, in order, when the database takes writes again.
final class SignalJournalTests: XCTestCase {
    typealias F = SeriesFixture
    private var directory = ""

    override func setUp() {
        directory = F.temporaryDirectory()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A full disk, as SQLite sees it: no page beyond those the file has now.
    private func fillDisk(_ store: SignalStore) throws {
        try store.database.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
        }
    }

    private func freeDisk(_ store: SignalStore) throws {
        try store.database.writeWithoutTransaction { db in
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = 1073741823")
        }
    }

    /// Long reasons, so every batch needs new pages.
    private func batch(_ range: Range<Int>) -> [Signal] {
        range.map { F.signal($0, reason: "signal \($0) " + String(repeating: "x", count: 2_000)) }
    }

    private final class Events: Sendable {
        let committed = Locked<[Signal]>([])
        let unsaved = Locked<[Signal]>([])
        let saved = Locked<[Signal]>([])
        let statuses = Locked<[SignalJournal.Status]>([])
    }

    func testARefusedWriteIsShownAsNotSavedAndStoredInOrderOnceTheDiskRecovers() throws {
        let store = try SignalStore(path: directory + "/signals.sqlite")
        let events = Events()
        let recorder = try SignalRecorder(
            store: store, retryInitial: 0.05, retryCap: 0.2,
            onStatus: { status in events.statuses.withLock { $0.append(status) } },
            onUnsaved: { batch in events.unsaved.withLock { $0 += batch } },
            onSaved: { batch in events.saved.withLock { $0 += batch } },
            onCommitted: { batch in events.committed.withLock { $0 += batch } })
        let first = batch(0..<3)
        recorder.record(first)
        recorder.flush()
        XCTAssertEqual(events.committed.withLock { $0 }, first)

        try fillDisk(store)
        let refused = batch(3..<20)
        for signal in refused { recorder.record(signal) }
        recorder.flush()
        XCTAssertEqual(events.committed.withLock { $0 }, first, "a refused signal was handed on as stored")
        XCTAssertEqual(events.unsaved.withLock { $0 }, refused, "every refused signal is shown, as not saved, in order")
        XCTAssertEqual(try store.count(), 3)
        XCTAssertEqual(recorder.recent, first, "the pane's stored history has only stored signals")
        XCTAssertEqual(recorder.unsaved, refused)
        let failing = events.statuses.withLock { $0 }
        XCTAssertEqual(failing.count, 1, "one sentence, not one per retry: \(failing)")
        guard case .failing(let sentence)? = failing.first else { return XCTFail("no failing status: \(failing)") }
        XCTAssertTrue(sentence.hasPrefix("The signal history cannot be written;"), sentence)
        // Retries go on meanwhile and keep failing without another sentence.
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(events.statuses.withLock { $0.count }, 1)

        try freeDisk(store)
        let deadline = Date().addingTimeInterval(10)
        while events.statuses.withLock({ $0.count }) < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        recorder.flush()
        XCTAssertEqual(events.statuses.withLock { $0.last }, .working, "the history never recovered within 10 s")
        XCTAssertEqual(events.saved.withLock { $0 }, refused)
        XCTAssertEqual(recorder.unsaved, [])
        XCTAssertEqual(try store.signals().map(\.id), (first + refused).map(\.id), "stored in the order they fired")

        // Working again: the next signal is stored and handed on as before.
        let later = batch(20..<21)
        recorder.record(later)
        recorder.flush()
        XCTAssertEqual(events.committed.withLock { $0 }, first + later)
        XCTAssertEqual(try store.count(), 21)
    }

    func testSignalsArrivingWhileTheDiskIsFullQueueBehindTheHeldOnes() throws {
        let store = try SignalStore(path: directory + "/signals.sqlite")
        let statuses = Locked<[SignalJournal.Status]>([])
        let recovered = Locked<[Signal]>([])
        // No retry on its own within the test: only `retryNow` writes.
        let journal = SignalJournal(store: store, retryInitial: 600, retryCap: 600,
                                    onStatus: { s in statuses.withLock { $0.append(s) } },
                                    onRecovered: { b in recovered.withLock { $0 += b } })
        try fillDisk(store)
        XCTAssertFalse(journal.write(batch(0..<5)))
        try freeDisk(store)
        // The disk works now, but a fresh batch must not overtake the held ones.
        XCTAssertFalse(journal.write(batch(5..<8)))
        XCTAssertEqual(try store.count(), 0)
        XCTAssertTrue(journal.retryNow())
        XCTAssertEqual(try store.signals().map(\.reason), batch(0..<8).map(\.reason))
        XCTAssertEqual(recovered.withLock { $0.count }, 8)
        XCTAssertTrue(journal.write(batch(8..<9)))
        XCTAssertEqual(statuses.withLock { $0.count }, 2)
    }

    func testAStreamSignalLineSaysWhenItIsNotSaved() {
        let signal = F.signal(1)
        XCTAssertEqual(signal.jsonLine(saved: true), signal.jsonLine)
        let line = signal.jsonLine(saved: false)
        XCTAssertTrue(line.hasSuffix(",\"saved\":false}"), line)
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        XCTAssertEqual(object?["saved"] as? Bool, false)
        XCTAssertEqual(object?["id"] as? String, signal.id.uuidString.lowercased())
    }
}
