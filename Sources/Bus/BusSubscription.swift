import CNats
import Foundation
import MarketModel

/// One message as a handler sees it. `streamSequence` and `storedAtMs` are 0 for core NATS.
public struct BusMessage: Sendable {
    public var subject: String
    public var payload: [UInt8]
    public var streamSequence: UInt64
    public var storedAtMs: Int64
    /// Messages the consumer still has to deliver after this one (0: caught up).
    public var pending: UInt64
}

/// A live subscription; `cancel()` ends it.
public final class BusSubscription: @unchecked Sendable {
    // Safe: `sub` is touched only under `lock`, and freed at most once (then set to nil).
    private var sub: OpaquePointer?
    private let lock = Locked(())

    /// The handler is released when the client has delivered its last message (it may still
    /// be inside the handler when `cancel()` returns), or when the connection closes.
    init(sub: OpaquePointer, handler: UnsafeMutableRawPointer) {
        self.sub = sub
        // Refused only when the client has already closed the subscription; then its last
        // callback may still be on its way, and the handler stays registered.
        natsSubscription_SetOnCompleteCB(sub, { subscriptionHandlers.remove($0) }, handler)
    }

    public func cancel() {
        lock.withLock { _ in
            guard let sub else { return }
            // Destroy alone unsubscribes without deleting a JetStream consumer first: the
            // server drops an ordered consumer by itself once nobody listens, and the client's
            // delete reads the consumer's name after its own reset thread may have freed it
            // (a use-after-free AddressSanitizer caught when a follower resubscribes across a
            // NATS restart).
            natsSubscription_Destroy(sub)
            self.sub = nil
        }
    }
}

typealias BusHandler = @Sendable (BusMessage) -> Void

/// Every live subscription's handler, until the client says the subscription is done.
let subscriptionHandlers = CallbackContexts<BusHandler>()

/// The C callback for every subscription: copies the message out, frees it, calls the handler.
private let deliver: natsMsgHandler = { _, _, msg, closure in
    guard let msg else { return }
    defer { natsMsg_Destroy(msg) }
    guard let handler = subscriptionHandlers.context(closure) else { return }
    let count = Int(natsMsg_GetDataLength(msg))
    var payload = [UInt8](repeating: 0, count: count)
    if count > 0, let data = natsMsg_GetData(msg) {
        payload.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: data, count: count)) }
    }
    var sequence: UInt64 = 0
    var stored: Int64 = 0
    var pending: UInt64 = 0
    var meta: UnsafeMutablePointer<jsMsgMetaData>?
    if natsMsg_GetMetaData(&meta, msg) == NATS_OK, let meta {
        sequence = meta.pointee.Sequence.Stream
        stored = meta.pointee.Timestamp / 1_000_000
        pending = meta.pointee.NumPending
        jsMsgMetaData_Destroy(meta)
    }
    let subject = natsMsg_GetSubject(msg).map { String(cString: $0) } ?? ""
    handler(BusMessage(subject: subject, payload: payload, streamSequence: sequence, storedAtMs: stored, pending: pending))
}

/// Where a JetStream follower starts.
public enum BusStart: Sendable, Equatable {
    /// Everything kept, the last message only, what comes from now on, or after a sequence.
    case all, last, new, after(UInt64)
}

extension BusConnection {
    /// Core NATS: what is published from now on.
    public func subscribe(_ subject: String, handler: @escaping @Sendable (BusMessage) -> Void) throws -> BusSubscription {
        var sub: OpaquePointer?
        let closure = subscriptionHandlers.add(handler)
        let status = natsConnection_Subscribe(&sub, nc, subject, deliver, closure)
        guard status == NATS_OK, let sub else {
            subscriptionHandlers.remove(closure)
            throw BusError(status == NATS_NOT_PERMITTED
                ? "The NATS server at \(label) does not allow this user to read \(subject)."
                : "Could not subscribe to \(subject) on \(label).")
        }
        return BusSubscription(sub: sub, handler: closure)
    }

    /// An ordered JetStream consumer of one subject of `stream`.
    func orderedConsumer(stream: String, subject: String, start: BusStart,
                         handler: @escaping @Sendable (BusMessage) -> Void) throws -> BusSubscription {
        var sub: OpaquePointer?
        var jerr = jsErrCode(0)
        let closure = subscriptionHandlers.add(handler)
        let status = stream.withCString { name -> natsStatus in
            var so = jsSubOptions()
            jsSubOptions_Init(&so)
            so.Stream = name
            so.Ordered = true
            switch start {
            case .all: so.Config.DeliverPolicy = js_DeliverAll
            case .last: so.Config.DeliverPolicy = js_DeliverLast
            case .new: so.Config.DeliverPolicy = js_DeliverNew
            case .after(let sequence):
                so.Config.DeliverPolicy = js_DeliverByStartSequence
                so.Config.OptStartSeq = sequence + 1
            }
            return js_Subscribe(&sub, js, subject, deliver, closure, nil, &so, &jerr)
        }
        guard status == NATS_OK, let sub else {
            subscriptionHandlers.remove(closure)
            if jerr == JSStreamNotFoundErr || status == NATS_NOT_FOUND {
                throw BusError("Nothing is published on \(label) yet (no stream \(stream)): start `thebot serve` first.")
            }
            if jerr == JSNotEnabledErr || jerr == JSNotEnabledForAccountErr || status == NATS_NO_RESPONDERS {
                throw BusError("The NATS server at \(label) has no JetStream: start it with `nats-server -js`.")
            }
            if status == NATS_NOT_PERMITTED {
                throw BusError("The NATS server at \(label) does not allow this user to read \(subject).")
            }
            throw BusError("Could not follow \(subject) on \(label).")
        }
        return BusSubscription(sub: sub, handler: closure)
    }
}
