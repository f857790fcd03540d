import Foundation
import MarketModel

/// What the feed hands the bus: kept messages go to JetStream with an id, in order, and are
/// retried until acknowledged; live ones (forming bars, health) are sent once if connected.
public struct OutgoingMessage: Sendable {
    public enum Kind: Sendable {
        /// `orderKey` (a bar's open time): a message at or before the last one kept on its
        /// subject is not sent again, so a restarted feed's backfill never appends old bars.
        case kept(msgId: String, orderKey: Int64?)
        case live
    }

    public var subject: String
    public var payload: [UInt8]
    public var kind: Kind

    public init(subject: String, payload: [UInt8], kind: Kind) {
        self.subject = subject
        self.payload = payload
        self.kind = kind
    }
}

/// The feed's queue to the bus, drained on a thread of its own so the feed never waits for
/// an ack. While the bus is away the kept messages wait here (at most `capacity`; beyond that
/// the oldest go and are counted) and are sent, in order, once it is back.
public final class BusOutbox: Sendable {
    public struct Counters: Sendable, Equatable {
        public var pending = 0
        public var dropped = 0
        public var published = 0
        public var lastError: String?
    }

    private struct State {
        var queue: [OutgoingMessage] = []
        var head = 0
        var counters = Counters()
        var stopped = false
    }

    private let connection: BusConnection
    private let stream: String
    private let capacity: Int
    private let state = Locked(State())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    /// The last order key kept per subject, read from the stream the first time a subject is used.
    private let lastKeys = Locked<[String: Int64]>([:])

    public init(connection: BusConnection, stream: String, capacity: Int = 100_000) {
        self.connection = connection
        self.stream = stream
        self.capacity = max(1, capacity)
        Thread { [self] in drain() }.start()
    }

    public var counters: Counters { state.withLock { $0.counters } }

    /// Never blocks: called on the feed's thread.
    public func send(_ messages: [OutgoingMessage]) {
        guard !messages.isEmpty else { return }
        let connected = connection.isConnected
        state.withLock { s in
            for message in messages {
                if case .live = message.kind, !connected { continue }
                s.queue.append(message)
            }
            var overflow = (s.queue.count - s.head) - capacity
            while overflow > 0 {
                s.head += 1
                s.counters.dropped += 1
                overflow -= 1
            }
            s.counters.pending = s.queue.count - s.head
        }
        wake.signal()
    }

    /// Sends what is queued (for up to `timeout` seconds while connected), then stops.
    public func stop(timeout: Double = 3) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, connection.isConnected, state.withLock({ $0.queue.count > $0.head }) {
            Thread.sleep(forTimeInterval: 0.02)
        }
        state.withLock { $0.stopped = true }
        wake.signal()
        _ = finished.wait(timeout: .now() + 1)
    }

    private func drain() {
        defer { finished.signal() }
        while true {
            let next = state.withLock { s -> (OutgoingMessage?, Bool) in
                if s.head > 1024, s.head * 2 > s.queue.count {
                    s.queue.removeFirst(s.head)
                    s.head = 0
                }
                return (s.head < s.queue.count ? s.queue[s.head] : nil, s.stopped)
            }
            if next.1 { return }
            guard let message = next.0 else {
                _ = wake.wait(timeout: .now() + 0.25)
                continue
            }
            if send(message) {
                state.withLock { s in
                    // An overflow may have moved the head past this message already.
                    if s.head < s.queue.count { s.head += 1 }
                    s.counters.pending = s.queue.count - s.head
                }
            } else {
                _ = wake.wait(timeout: .now() + 0.25)
            }
        }
    }

    /// True when the message is done with (sent, or not worth sending).
    private func send(_ message: OutgoingMessage) -> Bool {
        switch message.kind {
        case .live:
            if connection.isConnected { connection.publish(message.subject, message.payload) }
            return true
        case .kept(let msgId, let orderKey):
            do {
                if let orderKey {
                    if let last = try lastKey(message.subject), orderKey <= last { return true }
                }
                try connection.publishKept(message.subject, message.payload, msgId: msgId)
                if let orderKey { lastKeys.withLock { $0[message.subject] = orderKey } }
                state.withLock { $0.counters.published += 1 }
                return true
            } catch {
                state.withLock { $0.counters.lastError = "\(error)" }
                return false
            }
        }
    }

    private func lastKey(_ subject: String) throws -> Int64? {
        if let known = lastKeys.withLock({ $0[subject] }) { return known }
        let id = try connection.lastMessageID(stream: stream, subject: subject)
        let key = id.flatMap { $0.split(separator: "/").last.flatMap { Int64($0) } } ?? Int64.min
        lastKeys.withLock { $0[subject] = key }
        return key
    }
}
