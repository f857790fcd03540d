/// A fault change at run time: `SimulatedExchange.apply(_:)` or `POST /sim/control`.
public enum FaultControl: Sendable, Equatable {
    /// Close every WebSocket connection now, without a close frame.
    case dropAllNow
    /// Drop all connections each time this many simulated seconds pass (0 = off).
    case dropEvery(simulatedSeconds: Double)
    /// Per connection, chance of an abrupt drop in each real second (0 = off).
    case dropProbability(perSecond: Double)
    /// Connections open now send nothing (no data, no pong, no ping) for this many real seconds.
    case stall(seconds: Double)
    /// Periodic stalls: `seconds` long, every `everySimulatedSeconds` (0 = off).
    case stallEvery(simulatedSeconds: Double, seconds: Double)
    /// Fraction of data frames preceded by a malformed frame.
    case malformedRate(Double)
    /// Send serverShutdown on every connection, then close them after `closeAfter` real seconds.
    case serverShutdown(closeAfter: Double)
    /// Answer WebSocket upgrades with 503 for this many real seconds.
    case refuseConnections(seconds: Double)
    /// The next `count` REST responses are 429 with `Retry-After: retryAfter`.
    case rest429(count: Int, retryAfter: Int)
    /// The next `count` REST responses are 418 with `Retry-After: retryAfter`.
    case rest418(count: Int, retryAfter: Int)
    /// The next `count` REST responses are server errors with this status (500...599).
    case rest5xx(count: Int, status: Int)
    /// Delay every REST response by this many real milliseconds (0 = off).
    case restDelay(milliseconds: Int)
    /// The next `count` SUBSCRIBE requests are answered with this error instead of subscribing.
    case rejectSubscribe(count: Int, code: Int, message: String)
    /// Back to no faults at all, and lift any REST ban.
    case reset
    /// On the next tick, print a recognisable marker price for `symbol` (a trade and the forming
    /// klines' close), then send nothing more of its price for `holdMilliseconds` real ms.
    case mark(symbol: String, holdMilliseconds: Int)

    /// Parses the control endpoint's body: `{"action":"stall","seconds":5}` (see README of the
    /// module in `SimulatedExchange`). Also accepts an array of such objects.
    static func parse(_ body: String) -> Result<[FaultControl], FaultControlError> {
        let document: JSONValue
        switch JSONValue.parse(body) {
        case .success(let value): document = value
        case .failure(let error): return .failure(FaultControlError(message: "invalid JSON: \(error.message)"))
        }
        let items: [JSONValue]
        if case .array(let list) = document { items = list } else { items = [document] }
        var controls: [FaultControl] = []
        for item in items {
            switch parseOne(item) {
            case .success(let control): controls.append(control)
            case .failure(let error): return .failure(error)
            }
        }
        return .success(controls)
    }

    private static func parseOne(_ item: JSONValue) -> Result<FaultControl, FaultControlError> {
        guard let action = item["action"]?.stringValue else {
            return .failure(FaultControlError(message: "missing string field \"action\""))
        }
        func number(_ key: String, default fallback: Double? = nil) -> Double? {
            item[key]?.doubleValue ?? fallback
        }
        func need(_ key: String) -> FaultControlError {
            FaultControlError(message: "action \(action) needs a number field \"\(key)\"")
        }
        switch action {
        case "drop_all":
            return .success(.dropAllNow)
        case "drop_every":
            guard let s = number("seconds") else { return .failure(need("seconds")) }
            return .success(.dropEvery(simulatedSeconds: s))
        case "drop_probability":
            guard let p = number("p") else { return .failure(need("p")) }
            return .success(.dropProbability(perSecond: p))
        case "stall":
            guard let s = number("seconds") else { return .failure(need("seconds")) }
            if let every = number("every") { return .success(.stallEvery(simulatedSeconds: every, seconds: s)) }
            return .success(.stall(seconds: s))
        case "malformed":
            guard let r = number("rate") else { return .failure(need("rate")) }
            return .success(.malformedRate(r))
        case "server_shutdown":
            return .success(.serverShutdown(closeAfter: number("close_after", default: 0.5)!))
        case "refuse_connections":
            guard let s = number("seconds") else { return .failure(need("seconds")) }
            return .success(.refuseConnections(seconds: s))
        case "rest_429", "rest_418":
            guard let n = item["count"]?.intValue else { return .failure(need("count")) }
            let retry = item["retry_after"]?.intValue ?? 1
            return .success(action == "rest_429" ? .rest429(count: n, retryAfter: retry) : .rest418(count: n, retryAfter: retry))
        case "rest_5xx":
            guard let n = item["count"]?.intValue else { return .failure(need("count")) }
            let status = item["status"]?.intValue ?? 503
            guard (500...599).contains(status) else {
                return .failure(FaultControlError(message: "status must be 500...599"))
            }
            return .success(.rest5xx(count: n, status: status))
        case "rest_delay":
            guard let ms = item["ms"]?.intValue else { return .failure(need("ms")) }
            return .success(.restDelay(milliseconds: ms))
        case "reject_subscribe":
            guard let n = item["count"]?.intValue else { return .failure(need("count")) }
            let code = item["code"]?.intValue ?? 0
            let message = item["msg"]?.stringValue ?? "Subscription refused"
            return .success(.rejectSubscribe(count: n, code: code, message: message))
        case "reset":
            return .success(.reset)
        case "mark":
            guard let symbol = item["symbol"]?.stringValue, !symbol.isEmpty else {
                return .failure(FaultControlError(message: "action mark needs a string field \"symbol\""))
            }
            guard let hold = number("hold_ms") else { return .failure(need("hold_ms")) }
            guard hold >= 0, hold <= 60_000 else {
                return .failure(FaultControlError(message: "hold_ms must be 0...60000"))
            }
            return .success(.mark(symbol: symbol.uppercased(), holdMilliseconds: Int(hold)))
        default:
            return .failure(FaultControlError(message: "unknown action \(action)"))
        }
    }
}

struct FaultControlError: Error, Sendable {
    var message: String
}
