import MarketModel

/// Why a REST request failed, phrased for the person watching the monitor.
public enum RestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which step of reaching the host failed.
    public enum Stage: String, Sendable, Equatable {
        case dns = "DNS lookup"
        case connect = "TCP connect"
        case tls = "TLS handshake"
        /// The connection was established and then dropped before a full response arrived.
        case connectionLost = "connection"
    }

    case cannotReach(host: String, stage: Stage, detail: String)
    /// The TLS handshake failed on the server's certificate: retrying cannot fix it.
    case certificateRejected(host: String, problem: CertificateProblem)
    case timedOut(after: Duration)
    /// HTTP 451: the exchange refuses service from this location.
    case restrictedRegion
    /// A 4xx other than 429/418/451; `code`/`message` come from the exchange's JSON error body, or
    /// `message` summarises a non-JSON (HTML) body.
    case rejected(status: Int, code: Int?, message: String)
    /// HTTP 429 whose Retry-After is longer than the client is willing to wait.
    case rateLimited(retryAfter: Duration)
    /// HTTP 418: the IP is banned until the given epoch milliseconds.
    case ipBanned(untilEpochMs: Int64)
    /// Requests fail fast until the breaker lets a probe through.
    case circuitOpen(retryIn: Duration)
    case serverError(status: Int, message: String)
    /// The base URL and path do not form a URL the HTTP client accepts.
    case invalidRequest(String)
    case cancelled
    /// Anything the classifier does not recognise; kept so nothing is swallowed.
    case transport(String)

    public var description: String {
        switch self {
        case .cannotReach(let host, .connectionLost, let detail):
            return "The connection to \(host) dropped before the response was complete (\(detail)); the network or the exchange closed it."
        case .cannotReach(let host, let stage, let detail):
            return "Cannot reach \(host): \(stage.rawValue) failed (\(detail)); check the network and the REST base URL."
        case .certificateRejected(let host, let problem):
            return "Cannot reach \(host) over TLS: \(problem.phrase)."
        case .timedOut(let after):
            return "The exchange did not answer within \(RestError.seconds(after)); the network or the exchange is slow."
        case .restrictedRegion:
            return "The exchange refuses service from this location (HTTP 451 restricted region); use an endpoint it permits here (thebot doctor lists the usual ones)."
        case .rejected(let status, let code?, let message):
            return "The exchange rejected the request (HTTP \(status), code \(code)): \(message)"
        case .rejected(let status, nil, let message):
            return "The exchange rejected the request (HTTP \(status)): \(message)"
        case .rateLimited(let retryAfter):
            return "The exchange's rate limit was hit (HTTP 429); REST requests are paused, retry after \(RestError.seconds(retryAfter))."
        case .ipBanned(let until):
            return "The exchange has banned this IP for too many requests (HTTP 418) until \(CivilDate.iso8601(until)); REST requests are paused until then."
        case .circuitOpen(let retryIn):
            if retryIn <= .zero {
                return "The exchange's REST API is failing repeatedly (circuit open); a probe request is checking whether it recovered."
            }
            return "The exchange's REST API is failing repeatedly (circuit open); retrying in \(RestError.seconds(retryIn))."
        case .serverError(let status, let message):
            return "The exchange's server failed (HTTP \(status)): \(message); the exchange side is failing, try again later."
        case .invalidRequest(let detail):
            return "The REST request is malformed (\(detail)); check the REST base URL."
        case .cancelled:
            return "The REST request was cancelled."
        case .transport(let detail):
            return "The REST request failed: \(detail)."
        }
    }

    /// Whether another attempt might succeed without anything changing on our side.
    var isRetryable: Bool {
        switch self {
        case .cannotReach, .timedOut, .serverError, .transport: return true
        default: return false
        }
    }

    /// "1 s", "1.5 s", "30 s": whole seconds rounded up unless under ten.
    static func seconds(_ duration: Duration) -> String {
        let (s, attoseconds) = duration.components
        let value = Double(s) + Double(attoseconds) / 1e18
        if value >= 10 || value == value.rounded() { return "\(Int(value.rounded(.up))) s" }
        return "\((value * 10).rounded(.up) / 10) s"
    }
}
