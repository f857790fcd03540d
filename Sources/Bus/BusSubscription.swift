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

    init(sub: OpaquePointer) { self.sub = sub }

    public func cancel() {
        lock.withLock { _ in
            guard let sub else { return }
            natsSubscription_Unsubscribe(sub)
            natsSubscription_Destroy(sub)
            self.sub = nil
        }
    }
}

final class HandlerBox: Sendable {
    let handler: @Sendable (BusMessage) -> Void
    init(_ handler: @escaping @Sendable (BusMessage) -> Void) { self.handler = handler }
}

/// The C callback for every subscription: copies the message out, frees it, calls the handler.
private let deliver: natsMsgHandler = { _, _, msg, closure in
    guard let msg, let closure else { return }
    defer { natsMsg_Destroy(msg) }
    let box = Unmanaged<HandlerBox>.fromOpaque(closure).takeUnretainedValue()
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
    box.handler(BusMessage(subject: subject, payload: payload, streamSequence: sequence, storedAtMs: stored, pending: pending))
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
        // Retained for the life of the process: the client may still be inside the callback
        // when a subscription is cancelled.
        let closure = Unmanaged.passRetained(HandlerBox(handler)).toOpaque()
        let status = natsConnection_Subscribe(&sub, nc, subject, deliver, closure)
        guard status == NATS_OK, let sub else {
            throw BusError(status == NATS_NOT_PERMITTED
                ? "The NATS server at \(label) does not allow this user to read \(subject)."
                : "Could not subscribe to \(subject) on \(label).")
        }
        return BusSubscription(sub: sub)
    }

    /// An ordered JetStream consumer of one subject of `stream`.
    func orderedConsumer(stream: String, subject: String, start: BusStart,
                         handler: @escaping @Sendable (BusMessage) -> Void) throws -> BusSubscription {
        var sub: OpaquePointer?
        var jerr = jsErrCode(0)
        let closure = Unmanaged.passRetained(HandlerBox(handler)).toOpaque()
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
        return BusSubscription(sub: sub)
    }
}
