import MarketModel
import NIOHTTP1

/// One HTTP answer before it is written.
struct HTTPReply {
    var status: HTTPResponseStatus
    var body: String
    var contentType = "application/json;charset=UTF-8"
    var headers: [(String, String)] = []

    static func json(_ status: HTTPResponseStatus, _ body: String) -> HTTPReply { HTTPReply(status: status, body: body) }

    static func binanceError(_ code: Int, _ message: String, status: HTTPResponseStatus = .badRequest) -> HTTPReply {
        .json(status, "{\"code\":\(code),\"msg\":\(JSONText.quoted(message))}")
    }

    static let notFound = HTTPReply(
        status: .notFound,
        body: "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
            + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        contentType: "text/html")
}

/// Answers every HTTP request: Binance's REST market data under /api/v3 (with request weight,
/// bans and injected failures), and the simulator's own /sim endpoints. Runs on the event loop.
struct RESTRouter {
    let engine: LiveEngine
    var core: ExchangeCore { engine.core }

    func respond(method: HTTPMethod, uri: String, body: String) -> HTTPReply {
        let (path, query) = HTTPQuery.split(uri)
        if path.hasPrefix("/sim/") { return simulator(method: method, path: path, query: query, body: body) }
        if path == "/ws" || path.hasPrefix("/ws/") || path == "/stream" || path == "/stream/" {
            return webSocketWithoutUpgrade(uri: uri)
        }
        guard path.hasPrefix("/api/") else { return .notFound }
        core.stats.withLock { $0.restRequests += 1 }
        guard let weight = Self.weight(path: path, query: query) else { return .notFound }
        var reply = limited(weight: weight) ?? api(path: path, query: query)
        let used = core.weight.withLock { $0.used(now: SimClock.realNanoseconds()) }
        reply.headers.append(("X-MBX-USED-WEIGHT-1M", String(used)))
        return reply
    }

    /// Binance's documented weights (PROTOCOL.md 5.2, 5.3); nil for unknown endpoints.
    static func weight(path: String, query: [String: String]) -> Int? {
        switch path {
        case "/api/v3/ping", "/api/v3/time": return 1
        case "/api/v3/klines", "/api/v3/uiKlines": return 2
        case "/api/v3/exchangeInfo": return 20
        case "/api/v3/depth":
            let limit = Int(query["limit"] ?? "") ?? 100
            switch limit {
            case ...100: return 5
            case ...500: return 25
            case ...1000: return 50
            default: return 250
            }
        case "/api/v3/ticker/24hr":
            if query["symbol"] != nil { return 2 }
            if let list = query["symbols"] {
                let n = list.split(separator: ",").count
                return n <= 20 ? 2 : (n <= 100 ? 40 : 80)
            }
            return 80
        default: return nil
        }
    }

    /// A ban, a Retry-After window, an injected failure or an exhausted budget, in that order.
    private func limited(weight: Int) -> HTTPReply? {
        let real = SimClock.realNanoseconds()
        let ban = core.nanoseconds(core.options.banSeconds)
        if core.faults.withLock({ f in defer { f.liftBan = false }; return f.liftBan }) {
            core.weight.withLock { $0.liftBan() }
        }
        if let decision = core.weight.withLock({ $0.gate(now: real, banNanoseconds: ban) }) {
            core.stats.withLock { $0.violation("rest_weight") }
            return refusal(decision)
        }
        if let injected = core.faults.withLock({ $0.nextInjectedRESTFailure() }) {
            guard case .status(let code, let retryAfter) = injected else { return nil }
            if let retryAfter {
                core.weight.withLock { $0.imposeRetryWindow(seconds: retryAfter, now: real) }
                let until = SimClock.wallClockMilliseconds() + Int64(retryAfter) * 1000
                return code == 418
                    ? refusal(.banned(retryAfter: retryAfter, until: 0, used: 0), bannedUntilWall: until)
                    : refusal(.tooMany(retryAfter: retryAfter, used: 0))
            }
            core.stats.withLock { $0.rest5xx += 1 }
            return code == 503
                ? .binanceError(-1008, "Server is currently overloaded with other requests. Please try again in a few minutes.",
                                status: .serviceUnavailable)
                : .binanceError(-1000, "An unknown error occurred while processing the request.",
                                status: HTTPResponseStatus(statusCode: code))
        }
        let decision = core.weight.withLock {
            $0.charge(weight: weight, limit: core.options.weightLimitPerMinute, now: real)
        }
        if case .allowed = decision { return nil }
        core.stats.withLock { $0.violation("rest_weight") }
        return refusal(decision)
    }

    private func refusal(_ decision: RequestWeight.Decision, bannedUntilWall: Int64? = nil) -> HTTPReply? {
        switch decision {
        case .allowed:
            return nil
        case .tooMany(let retryAfter, _):
            core.stats.withLock { $0.rest429 += 1 }
            var reply = HTTPReply.binanceError(
                -1003, "Too much request weight used; current limit is \(core.options.weightLimitPerMinute) request weight "
                    + "per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.",
                status: .tooManyRequests)
            reply.headers.append(("Retry-After", String(retryAfter)))
            return reply
        case .banned(let retryAfter, _, _):
            core.stats.withLock { $0.rest418 += 1 }
            let until = bannedUntilWall ?? SimClock.wallClockMilliseconds() + Int64(retryAfter) * 1000
            var reply = HTTPReply.binanceError(
                -1003, "Way too much request weight used; IP banned until \(until). "
                    + "Please use WebSocket Streams for live updates to avoid bans.",
                status: HTTPResponseStatus(statusCode: 418))
            reply.headers.append(("Retry-After", String(retryAfter)))
            return reply
        }
    }

    private func webSocketWithoutUpgrade(uri: String) -> HTTPReply {
        if core.isRefusingConnections() {
            core.stats.withLock { $0.upgradesRefused += 1 }
            return .binanceError(-1008, "Service unavailable: not accepting new connections.", status: .serviceUnavailable)
        }
        if case .failure(let error)? = StreamName.fromURI(uri, specs: core.specs) {
            return .binanceError(-1100, "Invalid stream name: \(error.stream)")
        }
        return .binanceError(-1000, "WebSocket upgrade required.", status: .upgradeRequired)
    }
}
