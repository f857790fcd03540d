#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// What went wrong with a stream connection, in a trader's terms rather than SwiftNIO's.
public enum ConnectionProblem: Sendable, Hashable {
    case reset
    case refused
    case timedOut
    case unreachable
    case dnsFailed
    case tlsFailed
    /// The server's certificate failed verification; says how.
    case certificate(CertificateProblem)
    case closedByServer
    case upgradeRefused
    case messageTooLarge
    /// The watchdog saw no frame for this many seconds.
    case silent(seconds: Int)
    /// The user asked for a reconnect (the `r` key).
    case requested
    /// Anything else, already reduced to a short phrase (never raw NIO text).
    case other(String)

    /// Sorts any error the dialer or the socket can throw into a problem.
    public static func classify(_ error: any Error) -> ConnectionProblem {
        if let dial = error as? WebSocketDialer.DialError {
            switch dial {
            case .upgradeRefused: return .upgradeRefused
            case .connectFailed(let why): return .other(why)
            }
        }
        if let io = error as? IOError {
            return classify(errno: io.errnoCode)
        }
        if let connect = error as? NIOConnectionError {
            if connect.connectionErrors.isEmpty {
                return connect.dnsAError != nil || connect.dnsAAAAError != nil ? .dnsFailed : .unreachable
            }
            let inner = connect.connectionErrors.map { classify($0.error) }
            let known = inner.first {
                if case .other = $0 { return false }
                return true
            }
            return known ?? inner.first ?? .unreachable
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout: return .timedOut
            case .eof, .ioOnClosedChannel, .alreadyClosed, .inputClosed, .outputClosed: return .closedByServer
            default: return .other("a channel error")
            }
        }
        if let certificate = CertificateProblem.classify(error) { return .certificate(certificate) }
        if let ssl = error as? NIOSSLError {
            if case .uncleanShutdown = ssl { return .closedByServer }
            return .tlsFailed
        }
        if error is NIOSSLExtraError || error is BoringSSLError { return .tlsFailed }
        if error is NIOHTTPClientUpgradeError { return .upgradeRefused }
        if let ws = error as? NIOWebSocketError {
            if case .multiByteControlFrameLength = ws { return .other("a malformed control frame") }
            return .messageTooLarge
        }
        if error is NIOWebSocketFrameAggregator.Error { return .messageTooLarge }
        if let wire = error as? WebSocketWireError {
            if case .tooLarge = wire { return .messageTooLarge }
            return .other("a WebSocket protocol error (\(wire.description))")
        }
        if error is CancellationError { return .requested }
        let text = "\(error)".lowercased()
        if text.contains("timed out") || text.contains("timeout") { return .timedOut }
        if text.contains("connection reset") { return .reset }
        if text.contains("connection refused") { return .refused }
        return .other("an unexpected error (\(String(describing: type(of: error))))")
    }

    public static func classify(errno code: CInt) -> ConnectionProblem {
        switch code {
        case ECONNRESET, EPIPE, ECONNABORTED: return .reset
        case ECONNREFUSED: return .refused
        case ETIMEDOUT: return .timedOut
        case ENETUNREACH, EHOSTUNREACH, ENETDOWN, EHOSTDOWN: return .unreachable
        default: return .other("a socket error (errno \(code))")
        }
    }

    /// The verb phrase after "Connection 1 to host".
    func phrase(wasOpen: Bool) -> String {
        switch self {
        case .reset: return "was reset by the server"
        case .refused: return "failed: connection refused"
        case .timedOut: return wasOpen ? "timed out" : "timed out while connecting"
        case .unreachable: return "failed: the network or host is unreachable"
        case .dnsFailed: return "failed: the host name could not be resolved (check the network or DNS)"
        case .tlsFailed: return "failed the TLS handshake"
        case .certificate(let problem): return "failed: \(problem.phrase)"
        case .closedByServer: return "was closed by the server"
        case .upgradeRefused: return "was refused: the server did not accept the WebSocket upgrade"
        case .messageTooLarge: return "was dropped: a message was too large or malformed"
        case .silent(let s): return "received nothing for \(s) s"
        case .requested: return "was restarted on request"
        case .other(let what): return "failed with \(what)"
        }
    }
}

/// Turns a connection problem into the one sentence the log and the status line show:
/// what failed, on which connection and endpoint, and what happens next.
public enum ConnectionErrorSentence {
    /// "Connection 1 to stream.example.com was reset by the server; reconnecting in 0.7 s."
    /// `delay` is the wait before the next attempt (nil when nothing is scheduled).
    public static func make(_ problem: ConnectionProblem, connection: Int, endpoint: WebSocketEndpoint,
                            wasOpen: Bool, delay: Double?) -> String {
        let subject = "Connection \(connection) to \(target(endpoint))"
        var text = "\(subject) \(problem.phrase(wasOpen: wasOpen))"
        if let delay {
            let verb = wasOpen ? "reconnecting" : "retrying"
            text += delay < 0.05 ? "; \(verb) now" : "; \(verb) in \(seconds(delay))"
        }
        return text + "."
    }

    public static func make(_ error: any Error, connection: Int, endpoint: WebSocketEndpoint,
                            wasOpen: Bool, delay: Double?) -> String {
        make(ConnectionProblem.classify(error), connection: connection, endpoint: endpoint, wasOpen: wasOpen, delay: delay)
    }

    /// The host, with the port only when it is not a standard one.
    static func target(_ endpoint: WebSocketEndpoint) -> String {
        let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        return [80, 443, 9443].contains(endpoint.port) ? host : "\(host):\(endpoint.port)"
    }

    /// "0.7 s", "12 s".
    public static func seconds(_ value: Double) -> String {
        if value >= 9.95 { return "\(Int(value.rounded())) s" }
        let tenths = Int((max(0, value) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
