import CNats
import Foundation
import MarketModel

/// What the connection tells its owner, from the client library's own threads.
public enum BusEvent: Sendable {
    case disconnected, reconnected, closed
}

/// One connection to NATS and its JetStream context, wrapping the official C client.
///
/// The client reconnects by itself, forever; `onEvent` hears about it, and every follower
/// registered here resubscribes after a reconnect.
public final class BusConnection: @unchecked Sendable {
    // Safe: the C client documents `natsConnection` and `jsCtx` as usable from any thread; both
    // pointers are set once in `init` and freed once in `close()` (guarded by `closed`), and
    // every other method checks `closed` first.
    let nc: OpaquePointer
    let js: OpaquePointer
    public let label: String
    private let events: EventBox
    private let closed = Locked(false)

    final class EventBox: Sendable {
        let handler: @Sendable (BusEvent) -> Void
        let reconnectHooks = Locked<[@Sendable () -> Void]>([])
        /// Set by `close()`: the disconnect that closing causes is not news to the owner.
        let closing = Locked(false)
        init(handler: @escaping @Sendable (BusEvent) -> Void) { self.handler = handler }

        func fire(_ event: BusEvent) {
            if closing.withLock({ $0 }) { return }
            handler(event)
            guard event == .reconnected else { return }
            let hooks = reconnectHooks.withLock { $0 }
            // Resubscribing talks to the server: never on the client's own callback thread.
            for hook in hooks { Thread { hook() }.start() }
        }
    }

    private init(nc: OpaquePointer, js: OpaquePointer, label: String, events: EventBox) {
        self.nc = nc
        self.js = js
        self.label = label
        self.events = events
    }

    /// Connects once; a server that cannot be reached, refuses the credentials or wants TLS
    /// is one sentence.
    public static func connect(_ options: BusOptions, onEvent: @escaping @Sendable (BusEvent) -> Void = { _ in })
        throws -> BusConnection {
        try options.validate()
        let label = options.label
        var created: OpaquePointer?
        guard natsOptions_Create(&created) == NATS_OK, let opts = created else {
            throw BusError("The NATS client could not start (out of memory?).")
        }
        defer { natsOptions_Destroy(opts) }
        natsOptions_SetURL(opts, options.url)
        natsOptions_SetName(opts, options.name)
        if options.url.hasPrefix("tls://") {
            // Verification stays on: the C client checks the certificate unless told to skip it.
            guard natsOptions_SetSecure(opts, true) == NATS_OK else {
                throw BusError("This build of the NATS client has no TLS support, so \(label) cannot be reached.")
            }
        }
        if let file = options.credentialsFile {
            natsOptions_SetUserCredentialsFromFiles(opts, file, nil)
        } else if let user = options.user, let password = options.password {
            natsOptions_SetUserInfo(opts, user, password)
        } else if let token = options.token {
            natsOptions_SetToken(opts, token)
        }
        natsOptions_SetTimeout(opts, 3000)
        natsOptions_SetMaxReconnect(opts, -1)
        natsOptions_SetReconnectWait(opts, 250)
        // A server that went away without closing the socket is noticed within a few seconds.
        natsOptions_SetPingInterval(opts, 2000)
        natsOptions_SetMaxPingsOut(opts, 2)
        let events = EventBox(handler: onEvent)
        // Registered until the closed callback, the client's last one for a connection.
        let closure = connectionEvents.add(events)
        natsOptions_SetDisconnectedCB(opts, { _, closure in connectionEvents.context(closure)?.fire(.disconnected) }, closure)
        natsOptions_SetReconnectedCB(opts, { _, closure in connectionEvents.context(closure)?.fire(.reconnected) }, closure)
        natsOptions_SetClosedCB(opts, { _, closure in
            connectionEvents.context(closure)?.fire(.closed)
            connectionEvents.remove(closure)
        }, closure)
        var connection: OpaquePointer?
        let status = natsConnection_Connect(&connection, opts)
        guard status == NATS_OK, let nc = connection else {
            // A connection that never opened is never closed: no callback will come.
            connectionEvents.remove(closure)
            throw BusError(Self.connectSentence(status, label: label, options: options))
        }
        var context: OpaquePointer?
        var jsOpts = jsOptions()
        jsOptions_Init(&jsOpts)
        jsOpts.Wait = 3000
        guard natsConnection_JetStream(&context, nc, &jsOpts) == NATS_OK, let js = context else {
            events.closing.withLock { $0 = true }
            natsConnection_Destroy(nc)
            throw BusError("The NATS client could not open JetStream on \(label).")
        }
        return BusConnection(nc: nc, js: js, label: label, events: events)
    }

    private static func connectSentence(_ status: natsStatus, label: String, options: BusOptions) -> String {
        var last = NATS_OK
        let text = nats_GetLastError(&last).map { String(cString: $0) }?.lowercased() ?? ""
        if status == NATS_CONNECTION_AUTH_FAILED || text.contains("authorization") || text.contains("authentication") {
            let how = options.credentialsFile != nil ? "the credentials file"
                : options.user != nil ? "the user and password" : options.token != nil ? "the token" : nil
            guard let how else {
                return "The NATS server at \(label) wants a login: pass --nats-creds, --nats-user/--nats-password or --nats-token."
            }
            return "The NATS server at \(label) refused \(how): check --nats-creds, --nats-user/--nats-password or --nats-token."
        }
        if status == NATS_SECURE_CONNECTION_REQUIRED {
            return "The NATS server at \(label) requires TLS: use a tls:// URL."
        }
        if status == NATS_SECURE_CONNECTION_WANTED {
            return "The NATS server at \(label) does not offer TLS: use a nats:// URL or enable TLS on the server."
        }
        if status == NATS_SSL_ERROR {
            return "The TLS handshake with \(label) failed: its certificate could not be verified."
        }
        if options.credentialsFile != nil, status == NATS_ERR || status == NATS_INVALID_ARG || status == NATS_NOT_FOUND {
            return "The NATS credentials file \(options.credentialsFile!) is not a valid .creds file."
        }
        return "Could not reach the NATS server at \(label): is nats-server running there?"
    }

    public var isConnected: Bool {
        guard !isClosed else { return false }
        return natsConnection_Status(nc) == NATS_CONN_STATUS_CONNECTED
    }

    var isClosed: Bool { closed.withLock { $0 } }

    /// Called on a fresh thread after every reconnect.
    func onReconnect(_ hook: @escaping @Sendable () -> Void) {
        events.reconnectHooks.withLock { $0.append(hook) }
    }

    /// Fire and forget (core NATS): false when it could not be handed to the client.
    @discardableResult
    public func publish(_ subject: String, _ payload: [UInt8]) -> Bool {
        guard !isClosed else { return false }
        return payload.withUnsafeBytes { natsConnection_Publish(nc, subject, $0.baseAddress, Int32($0.count)) } == NATS_OK
    }

    /// A JetStream publish that waits for the stream's ack. `msgId` lets the stream drop a
    /// second copy (a retry, a restarted or a second feed) within its duplicate window.
    public func publishKept(_ subject: String, _ payload: [UInt8], msgId: String) throws {
        guard !isClosed else { throw BusError("The NATS connection is closed.") }
        var ack: UnsafeMutablePointer<jsPubAck>?
        var jerr = jsErrCode(0)
        let status = msgId.withCString { id -> natsStatus in
            var po = jsPubOptions()
            jsPubOptions_Init(&po)
            po.MsgId = id
            return payload.withUnsafeBytes { js_Publish(&ack, js, subject, $0.baseAddress, Int32($0.count), &po, &jerr) }
        }
        if let ack { jsPubAck_Destroy(ack) }
        guard status == NATS_OK else {
            if status == NATS_NOT_PERMITTED || jerr.rawValue == 10076 {
                throw BusError("The NATS server at \(label) does not allow publishing on \(subject).")
            }
            throw BusError("The NATS server at \(label) did not acknowledge a message on \(subject).")
        }
    }

    /// The `Nats-Msg-Id` of the last message kept on `subject`, nil when there is none.
    public func lastMessageID(stream: String, subject: String) throws -> String? {
        try lastMessage(stream: stream, subject: subject)?.id
    }

    /// The last message kept on `subject` (its id and payload), nil when there is none.
    public func lastMessage(stream: String, subject: String) throws -> (id: String?, payload: [UInt8])? {
        var msg: OpaquePointer?
        var jerr = jsErrCode(0)
        let status = js_GetLastMsg(&msg, js, stream, subject, nil, &jerr)
        if status == NATS_NOT_FOUND || jerr == JSNoMessageFoundErr || jerr == JSStreamNotFoundErr { return nil }
        guard status == NATS_OK, let msg else {
            throw BusError("The NATS server at \(label) did not answer for the last message on \(subject).")
        }
        defer { natsMsg_Destroy(msg) }
        var value: UnsafePointer<CChar>?
        let id = natsMsgHeader_Get(msg, "Nats-Msg-Id", &value) == NATS_OK ? value.map { String(cString: $0) } : nil
        let count = Int(natsMsg_GetDataLength(msg))
        var payload = [UInt8](repeating: 0, count: count)
        if count > 0, let data = natsMsg_GetData(msg) {
            payload.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: data, count: count)) }
        }
        return (id, payload)
    }

    /// The subjects `stream` keeps messages on, matching `filter`, with their message counts.
    public func subjects(stream: String, filter: String) throws -> [String: UInt64] {
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var jerr = jsErrCode(0)
        let status = filter.withCString { f -> natsStatus in
            var o = jsOptions()
            jsOptions_Init(&o)
            o.Stream.Info.SubjectsFilter = f
            return js_GetStreamInfo(&info, js, stream, &o, &jerr)
        }
        defer { if let info { jsStreamInfo_Destroy(info) } }
        guard status == NATS_OK, let info else {
            if jerr == JSStreamNotFoundErr || status == NATS_NOT_FOUND {
                throw BusError("Nothing is published on \(label) yet (no stream \(stream)): start `thebot serve` first.")
            }
            if jerr == JSNotEnabledErr || jerr == JSNotEnabledForAccountErr || status == NATS_NO_RESPONDERS {
                throw BusError("The NATS server at \(label) has no JetStream: start it with `nats-server -js`.")
            }
            throw BusError("The NATS server at \(label) did not describe the stream \(stream).")
        }
        var result: [String: UInt64] = [:]
        if let list = info.pointee.State.Subjects {
            for i in 0..<Int(list.pointee.Count) {
                let entry = list.pointee.List[i]
                if let name = entry.Subject { result[String(cString: name)] = entry.Msgs }
            }
        }
        return result
    }

    /// Creates the stream, or updates its limits when it exists.
    public func ensureStream(_ spec: BusStreamSpec) throws {
        let subjects = spec.subjects.map { strdup($0) }
        defer { subjects.forEach { free($0) } }
        var pointers = subjects.map { UnsafePointer<CChar>($0) }
        var jerr = jsErrCode(0)
        var info: UnsafeMutablePointer<jsStreamInfo>?
        let status = spec.name.withCString { name -> natsStatus in
            pointers.withUnsafeMutableBufferPointer { subjectList -> natsStatus in
                var cfg = jsStreamConfig()
                jsStreamConfig_Init(&cfg)
                cfg.Name = name
                cfg.Subjects = subjectList.baseAddress
                cfg.SubjectsLen = Int32(subjectList.count)
                cfg.Storage = js_FileStorage
                cfg.MaxMsgsPerSubject = spec.maxPerSubject ?? -1
                cfg.MaxAge = spec.maxAgeSeconds.map { Int64($0 * 1e9) } ?? 0
                cfg.Duplicates = Int64(min(spec.duplicateWindowSeconds, spec.maxAgeSeconds ?? .infinity) * 1e9)
                var s = js_AddStream(&info, js, &cfg, nil, &jerr)
                if s != NATS_OK, jerr == JSStreamNameExistErr {
                    jerr = jsErrCode(0)
                    s = js_UpdateStream(&info, js, &cfg, nil, &jerr)
                }
                return s
            }
        }
        if let info { jsStreamInfo_Destroy(info) }
        guard status == NATS_OK else {
            if jerr == JSNotEnabledErr || jerr == JSNotEnabledForAccountErr || status == NATS_NO_RESPONDERS || status == NATS_TIMEOUT {
                throw BusError("The NATS server at \(label) has no JetStream: start it with `nats-server -js`.")
            }
            if status == NATS_NOT_PERMITTED {
                throw BusError("The NATS server at \(label) does not allow this user to create the stream \(spec.name).")
            }
            throw BusError("The NATS server at \(label) refused the stream \(spec.name) (JetStream error \(jerr.rawValue)).")
        }
    }

    public func close() {
        let wasClosed = closed.withLock { state -> Bool in
            defer { state = true }
            return state
        }
        guard !wasClosed else { return }
        events.closing.withLock { $0 = true }
        jsCtx_Destroy(js)
        natsConnection_Close(nc)
        natsConnection_Destroy(nc)
    }
}

/// Every open connection's event box, until the client's closed callback.
let connectionEvents = CallbackContexts<BusConnection.EventBox>()

/// What a stream keeps: its subjects, how many messages per subject, for how long.
public struct BusStreamSpec: Sendable {
    public var name: String
    public var subjects: [String]
    public var maxPerSubject: Int64?
    public var maxAgeSeconds: Double?
    public var duplicateWindowSeconds: Double

    public init(name: String, subjects: [String], maxPerSubject: Int64? = nil, maxAgeSeconds: Double? = nil,
                duplicateWindowSeconds: Double = 600) {
        self.name = name
        self.subjects = subjects
        self.maxPerSubject = maxPerSubject
        self.maxAgeSeconds = maxAgeSeconds
        self.duplicateWindowSeconds = duplicateWindowSeconds
    }
}
