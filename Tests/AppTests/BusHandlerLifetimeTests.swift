@testable import Bus
import Foundation
import MarketModel
import XCTest

/// The handlers given to the NATS client live exactly as long as the client can call them: a
/// cancelled subscription or consumer, a closed connection and a connection that never opened
/// each let theirs go (a viewer that switches intervals for weeks must not keep every old
/// handler), and no message reaches a cancelled handler.
final class BusHandlerLifetimeTests: XCTestCase {
    /// Something a handler holds; its weak reference says when the handler is gone.
    final class Held: Sendable {}

    func testHandlersAreReleasedWhenTheClientIsDoneWithThem() throws {
        let nats = try NatsServer()
        defer { nats.remove() }
        try nats.start()

        weak var connectionHeld: Held?
        let received = Locked<[String]>([])
        let followed = Locked<[UInt64]>([])
        try { () throws in
            let connection = try { () throws -> BusConnection in
                let held = Held()
                connectionHeld = held
                return try BusConnection.connect(BusOptions(url: nats.url)) { _ in _ = held }
            }()
            XCTAssertNotNil(connectionHeld, "an open connection keeps its event handler")
            try self.exercise(connection, received: received, followed: followed)
            connection.close()
        }()

        try waitFor("the closed connection's event handler to be released") { connectionHeld == nil }
        XCTAssertEqual(received.withLock { $0 }, ["one"], "nothing reaches a cancelled subscription")
        XCTAssertEqual(followed.withLock { $0 }, [1], "nothing reaches a cancelled consumer")

        // A connection that never opens: the error, and nothing kept.
        nats.stop()
        weak var refusedHeld: Held?
        do {
            let held = Held()
            refusedHeld = held
            XCTAssertThrowsError(try BusConnection.connect(BusOptions(url: nats.url)) { _ in _ = held })
        }
        XCTAssertNil(refusedHeld, "a connection that never opened keeps no handler")
    }

    /// A core subscription and a JetStream consumer on `connection`, each cancelled.
    func exercise(_ connection: BusConnection, received: Locked<[String]>, followed: Locked<[UInt64]>) throws {
        // Core NATS: delivered while subscribed, released and silent after cancel().
        weak var subscriptionHeld: Held?
        let subscription = try { () throws -> BusSubscription in
            let held = Held()
            subscriptionHeld = held
            return try connection.subscribe("t.core") { message in
                _ = held
                received.withLock { $0.append(String(decoding: message.payload, as: UTF8.self)) }
            }
        }()
        XCTAssertTrue(connection.publish("t.core", Array("one".utf8)))
        try waitFor("the first message") { received.withLock { $0 } == ["one"] }
        XCTAssertNotNil(subscriptionHeld)
        subscription.cancel()
        try waitFor("the cancelled subscription's handler to be released") { subscriptionHeld == nil }
        XCTAssertTrue(connection.publish("t.core", Array("two".utf8)))

        // JetStream: an ordered consumer (what followers and replays use).
        try connection.ensureStream(BusStreamSpec(name: "T", subjects: ["t.*"], maxPerSubject: 10))
        try connection.publishKept("t.kept", Array("bar 1".utf8), msgId: "bar/1")
        weak var consumerHeld: Held?
        let consumer = try { () throws -> BusSubscription in
            let held = Held()
            consumerHeld = held
            return try connection.orderedConsumer(stream: "T", subject: "t.kept", start: .all) { message in
                _ = held
                followed.withLock { $0.append(message.streamSequence) }
            }
        }()
        try waitFor("the consumer's first message") { followed.withLock { $0 } == [1] }
        XCTAssertNotNil(consumerHeld)
        consumer.cancel()
        try waitFor("the cancelled consumer's handler to be released") { consumerHeld == nil }
        try connection.publishKept("t.kept", Array("bar 2".utf8), msgId: "bar/2")
        let kept = try connection.replay(stream: "T", subject: "t.kept")
        XCTAssertEqual(kept.map { String(decoding: $0.payload, as: UTF8.self) }, ["bar 1", "bar 2"])
    }

    func waitFor(_ what: String, file: StaticString = #filePath, line: UInt = #line, _ condition: () -> Bool) throws {
        guard ReliabilityHarness.waitUntil(what, timeout: 60, file: file, line: line, condition) else { throw CancellationError() }
    }
}
