import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the errors AsyncHTTPClient, NIO and BoringSSL throw into the user's vocabulary:
/// which step of reaching the host failed, or that the answer was too slow.
enum RestTransportError {
    static func classify(_ error: any Error, host: String, timeout: Duration) -> RestError {
        if let rest = error as? RestError { return rest }
        if error is CancellationError { return .cancelled }
        if let http = error as? HTTPClientError { return classify(http, host: host, timeout: timeout) }
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first {
                return classify(first.error, host: host, timeout: timeout)
            }
            if let dns = connection.dnsAError ?? connection.dnsAAAAError {
                if case .cannotReach(_, .dns, let detail) = classify(dns, host: host, timeout: timeout) {
                    return .cannotReach(host: host, stage: .dns, detail: detail)
                }
                return .cannotReach(host: host, stage: .dns, detail: short(dns))
            }
            return .cannotReach(host: host, stage: .connect, detail: short(connection))
        }
        if let certificate = CertificateProblem.classify(error) {
            return .certificateRejected(host: host, problem: certificate)
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return .cannotReach(host: host, stage: .tls, detail: tlsReason(error))
        }
        if let unknown = error as? SocketAddressError.UnknownHost {
            return .cannotReach(host: host, stage: .dns, detail: "no such host: \(unknown.errorDescription)")
        }
        if let socket = error as? SocketAddressError {
            if case .unknown = socket { return .cannotReach(host: host, stage: .dns, detail: "no such host") }
            return .cannotReach(host: host, stage: .dns, detail: short(socket))
        }
        if let io = error as? IOError {
            let lost = [ECONNRESET, EPIPE, ECONNABORTED].contains(io.errnoCode)
            let reason = String(cString: strerror(io.errnoCode))
            return .cannotReach(host: host, stage: lost ? .connectionLost : .connect, detail: "\(reason), errno \(io.errnoCode)")
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout:
                return .cannotReach(host: host, stage: .connect, detail: "timed out")
            case .ioOnClosedChannel, .eof, .alreadyClosed, .outputClosed, .inputClosed:
                return .cannotReach(host: host, stage: .connectionLost, detail: short(channel))
            default:
                return .transport(short(channel))
            }
        }
        if error is NIOTooManyBytesError {
            return .transport("the response body exceeded the size limit")
        }
        return .transport(short(error))
    }

    private static func classify(_ error: HTTPClientError, host: String, timeout: Duration) -> RestError {
        switch error {
        case .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
            return .timedOut(after: timeout)
        case .connectTimeout:
            return .cannotReach(host: host, stage: .connect, detail: "timed out")
        case .tlsHandshakeTimeout:
            return .cannotReach(host: host, stage: .tls, detail: "timed out")
        case .remoteConnectionClosed:
            return .cannotReach(host: host, stage: .connectionLost, detail: "closed by the server")
        case .cancelled:
            return .cancelled
        case .invalidURL, .emptyHost, .emptyScheme:
            return .invalidRequest(short(error))
        default:
            return .transport(short(error))
        }
    }

    /// BoringSSL's reason code ("CERTIFICATE_VERIFY_FAILED") says what went wrong; the rest of
    /// its message is a source path and a number.
    static func tlsReason(_ error: any Error) -> String {
        let text = String(describing: error)
        guard let marker = text.range(of: "OPENSSL_internal:") else { return short(error) }
        let code = text[marker.upperBound...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
        switch code {
        case "": return short(error)
        case "WRONG_VERSION_NUMBER": return "the server does not speak TLS on this port (WRONG_VERSION_NUMBER)"
        case "CERTIFICATE_VERIFY_FAILED": return CertificateProblem.untrusted.phrase
        default: return String(code)
        }
    }

    /// One line, bounded: library descriptions can be long and multi-line.
    static func short(_ error: Any) -> String {
        RestErrorBody.clean(String(describing: error))
    }
}
