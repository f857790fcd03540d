import Foundation
import MarketModel

extension BusConnection {
    /// Every message `stream` keeps on `subject` (wildcards allowed), oldest first. Fails with
    /// one sentence when they do not all arrive within `timeout` seconds.
    public func replay(stream: String, subject: String, timeout: Double = 15) throws -> [BusMessage] {
        let expected = try subjects(stream: stream, filter: subject).values.reduce(0, +)
        guard expected > 0 else { return [] }
        let received = Locked<[BusMessage]>([])
        let done = DispatchSemaphore(value: 0)
        let sub = try orderedConsumer(stream: stream, subject: subject, start: .all) { message in
            let finished = received.withLock { list -> Bool in
                list.append(message)
                return message.pending == 0 || UInt64(list.count) >= expected
            }
            if finished { done.signal() }
        }
        defer { sub.cancel() }
        guard done.wait(timeout: .now() + timeout) == .success else {
            throw BusError("The messages kept on \(subject) did not all arrive from \(label) within \(Int(timeout)) s.")
        }
        return received.withLock { $0 }.sorted { $0.streamSequence < $1.streamSequence }
    }
}
