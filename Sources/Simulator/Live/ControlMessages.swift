import NIOCore

/// The live-subscription protocol: SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY
/// and GET_PROPERTY, answered with Binance's result and error shapes.
extension LiveEngine {
    /// Every incoming message (text, ping, pong, binary) counts toward the 5-a-second limit.
    /// Returns false when the session was dropped for breaking it.
    func countIncoming(_ session: WebSocketSession) -> Bool {
        guard session.recordIncoming(real: SimClock.realNanoseconds()) else { return true }
        pending.violation("control_rate")
        if core.options.disconnectOnControlRateViolation {
            drop(session, reason: "rate_limit")
            commitCounters()
            return false
        }
        commitCounters()
        return true
    }

    func receivedText(_ session: WebSocketSession, _ text: String) {
        guard !session.closing, countIncoming(session) else { return }
        // A stalled link delivers nothing, answers included.
        guard !session.isStalled(real: SimClock.realNanoseconds()) else { return }
        let reply = controlReply(session, text)
        session.sink?.write(text: reply)
        session.sink?.flush()
        pending.controlResponses += 1
        pending.framesSent += 1
        commitCounters()
    }

    func receivedPing(_ session: WebSocketSession, payload: ByteBuffer) {
        guard !session.closing, countIncoming(session) else { return }
        guard !session.isStalled(real: SimClock.realNanoseconds()) else { return }
        session.sink?.pong(payload)
        session.sink?.flush()
        pending.framesSent += 1
        commitCounters()
    }

    func receivedPong(_ session: WebSocketSession, payload: String) {
        session.lastPongReal = SimClock.realNanoseconds()
        pending.pongsReceived += 1
        if session.recentPingPayloads.contains(payload) {
            pending.pongsEchoingPing += 1
        } else {
            pending.pongsNotEchoingPing += 1
        }
        _ = countIncoming(session)
    }

    func receivedClose(_ session: WebSocketSession) {
        core.stats.withLock { $0.closeFramesReceived += 1 }
    }

    func receivedOther(_ session: WebSocketSession) {
        _ = countIncoming(session)
    }

    func controlReply(_ session: WebSocketSession, _ text: String) -> String {
        let document: JSONValue
        switch JSONValue.parse(text) {
        case .success(let value): document = value
        case .failure(let error): return Self.error(3, "Invalid JSON: \(error.message)", id: nil)
        }
        guard case .object = document else { return Self.error(2, "Invalid request: expected an object", id: nil) }
        let id = document["id"]
        if let id, !Self.isValidId(id) {
            return Self.error(2, "Invalid request: request ID must be an unsigned integer", id: nil)
        }
        guard let methodValue = document["method"] else {
            return Self.error(2, "Invalid request: missing field `method`", id: id)
        }
        let methods = ["SUBSCRIBE", "UNSUBSCRIBE", "LIST_SUBSCRIPTIONS", "SET_PROPERTY", "GET_PROPERTY"]
        guard let method = methodValue.stringValue, methods.contains(method) else {
            let shown = methodValue.stringValue ?? "?"
            return Self.error(2, "Invalid request: unknown variant `\(shown)`, expected one of "
                + methods.map { "`\($0)`" }.joined(separator: ", "), id: id)
        }
        let params: [JSONValue]
        switch document["params"] {
        case .array(let list)?: params = list
        case nil, .null?: params = []
        default: return Self.error(2, "Invalid request: params must be an array", id: id)
        }
        switch method {
        case "SUBSCRIBE", "UNSUBSCRIBE":
            var streams: [StreamName] = []
            for param in params {
                guard let text = param.stringValue, let stream = StreamName.parse(text, specs: core.specs) else {
                    return Self.error(2, "Invalid request: invalid stream", id: id)
                }
                streams.append(stream)
            }
            if method == "UNSUBSCRIBE" {
                session.unsubscribe(streams)
            } else {
                if let rejection = core.faults.withLock({ $0.nextSubscribeRejection() }) {
                    pending.subscribesRejected += 1
                    return Self.error(rejection.code, rejection.message, id: id)
                }
                guard session.subscribe(streams) else {
                    return Self.error(2, "Invalid request: too many streams (max \(WebSocketSession.maxStreams))", id: id)
                }
                streams.forEach(prepare)
            }
            return Self.result("null", id: id)
        case "LIST_SUBSCRIPTIONS":
            guard params.isEmpty else { return Self.error(2, "Invalid request: too many parameters", id: id) }
            return Self.result("[" + session.streamNames.map(JSONText.quoted).joined(separator: ",") + "]", id: id)
        case "SET_PROPERTY":
            guard params.count <= 2 else { return Self.error(2, "Invalid request: too many parameters", id: id) }
            guard let name = params.first?.stringValue else {
                return Self.error(2, "Invalid request: property name must be a string", id: id)
            }
            guard name == "combined" else { return Self.error(0, "Unknown property", id: id) }
            guard params.count == 2, case .bool(let value) = params[1] else {
                return Self.error(1, "Invalid value type: expected Boolean", id: id)
            }
            session.combined = value
            return Self.result("null", id: id)
        default:
            guard params.count <= 1 else { return Self.error(2, "Invalid request: too many parameters", id: id) }
            guard let name = params.first?.stringValue else {
                return Self.error(2, "Invalid request: property name must be a string", id: id)
            }
            guard name == "combined" else { return Self.error(0, "Unknown property", id: id) }
            return Self.result(session.combined ? "true" : "false", id: id)
        }
    }

    /// A 64-bit integer, an alphanumeric string of up to 36 characters, or null.
    static func isValidId(_ id: JSONValue) -> Bool {
        switch id {
        case .null: return true
        case .number(let text): return Int64(text) != nil
        case .string(let text):
            return text.utf8.count <= 36 && text.utf8.allSatisfy {
                ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122)
            }
        default: return false
        }
    }

    static func result(_ value: String, id: JSONValue?) -> String {
        "{\"result\":\(value),\"id\":\(JSONText.id(id))}"
    }

    static func error(_ code: Int, _ message: String, id: JSONValue?) -> String {
        "{\"error\":{\"code\":\(code),\"msg\":\(JSONText.quoted(message))},\"id\":\(JSONText.id(id))}"
    }
}
