import Bus
import Foundation
import XCTest

/// The feed's queue to the bus against a real nats-server that goes away: what waits is
/// bounded and counted, and it is sent in order, once, when the server is back.
final class BusOutboxTests: XCTestCase {
    func testWhileNatsIsAwayKeptMessagesWaitBoundedAndAreSentInOrderOnceItIsBack() throws {
        let nats = try NatsServer()
        defer { nats.remove() }
        try nats.start()
        let connection = try BusConnection.connect(BusOptions(url: nats.url))
        defer { connection.close() }
        try connection.ensureStream(BusStreamSpec(name: "T", subjects: ["t.*"], maxPerSubject: 100))
        let outbox = BusOutbox(connection: connection, stream: "T", capacity: 3)
        defer { outbox.stop(timeout: 0) }
        func bar(_ n: Int64) -> OutgoingMessage {
            OutgoingMessage(subject: "t.bars", payload: Array("bar \(n)".utf8), kind: .kept(msgId: "bars/\(n)", orderKey: n))
        }
        outbox.send([bar(1)])
        try waitFor("the first bar to be kept") { outbox.counters.published == 1 }

        nats.stop()
        try waitFor("the client to notice") { !connection.isConnected }
        outbox.send((2...8).map(bar))
        let away = outbox.counters
        XCTAssertEqual(away.dropped, 4, "at most 3 wait; the oldest 4 are dropped and counted")
        XCTAssertLessThanOrEqual(away.pending, 3)

        try nats.start()
        try waitFor("what waited to be sent") { outbox.counters.pending == 0 && outbox.counters.published == 4 }
        // A bar at or before the last one kept is not sent again (a restarted feed's backfill).
        outbox.send([bar(7), bar(8)])
        outbox.send([bar(9)])
        try waitFor("bar 9") { outbox.counters.published == 5 }
        let kept = try connection.replay(stream: "T", subject: "t.bars").map { String(decoding: $0.payload, as: UTF8.self) }
        XCTAssertEqual(kept, ["bar 1", "bar 6", "bar 7", "bar 8", "bar 9"], "in order, each once")
    }

    func waitFor(_ what: String, seconds: Double = 60, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < deadline else {
                XCTFail("timed out waiting for \(what)")
                throw CancellationError()
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
