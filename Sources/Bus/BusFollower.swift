import Foundation
import MarketModel

/// Follows one subject of a JetStream stream from `start`, and after every reconnect (a NATS
/// restart) picks up again right after the last stream sequence it handed on. Whatever the
/// client or the resubscription replays, `handler` sees each stream sequence at most once and
/// in order.
public final class BusFollower: Sendable {
    private struct State {
        var lastSequence: UInt64 = 0
        var subscription: BusSubscription?
        var stopped = false
    }

    private let connection: BusConnection
    private let stream: String
    private let subject: String
    private let start: BusStart
    private let handler: @Sendable (BusMessage) -> Void
    private let state = Locked(State())
    /// Serialises handler calls across the old and new consumer around a resubscription.
    private let delivery = Locked(())

    public init(connection: BusConnection, stream: String, subject: String, start: BusStart,
                handler: @escaping @Sendable (BusMessage) -> Void) {
        self.connection = connection
        self.stream = stream
        self.subject = subject
        self.start = start
        self.handler = handler
    }

    /// Subscribes; a missing stream or a refused subject is one sentence.
    public func begin() throws {
        try subscribe(from: start)
        connection.onReconnect { [weak self] in self?.resume() }
    }

    public func stop() {
        let sub = state.withLock { s -> BusSubscription? in
            s.stopped = true
            defer { s.subscription = nil }
            return s.subscription
        }
        sub?.cancel()
    }

    public var lastSequence: UInt64 { state.withLock { $0.lastSequence } }

    private func subscribe(from start: BusStart) throws {
        let sub = try connection.orderedConsumer(stream: stream, subject: subject, start: start) { [weak self] message in
            self?.accept(message)
        }
        let old = state.withLock { s -> BusSubscription? in
            defer { s.subscription = sub }
            return s.subscription
        }
        old?.cancel()
    }

    private func accept(_ message: BusMessage) {
        delivery.withLock { _ in
            let fresh = state.withLock { s -> Bool in
                guard !s.stopped, message.streamSequence > s.lastSequence else { return false }
                s.lastSequence = message.streamSequence
                return true
            }
            if fresh { handler(message) }
        }
    }

    /// After a reconnect the server may have restarted and lost the ephemeral consumer:
    /// a new one starts after the last sequence handed on. JetStream can take a moment to come
    /// back after a restart, so this retries until it works or the follower stops.
    private func resume() {
        var wait = 0.1
        while true {
            let (stopped, last) = state.withLock { ($0.stopped, $0.lastSequence) }
            if stopped { return }
            do {
                try subscribe(from: last == 0 ? start : .after(last))
                return
            } catch {
                Thread.sleep(forTimeInterval: wait)
                wait = min(wait * 2, 2)
            }
        }
    }
}
