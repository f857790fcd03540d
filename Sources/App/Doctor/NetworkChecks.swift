import AsyncHTTPClient
import Foundation
import MarketData
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reaching the exchange step by step (DNS, TCP, TLS, HTTP), so a failure says which step and
/// why in a sentence. Every step has a time limit; TLS certificates are always verified.
struct NetworkChecks: Sendable {
    var timeout: Double = 3
    /// The system's authorities plus the configured CA bundle, as the monitor uses them.
    var trust: TLSTrust = .system

    struct Target: Sendable {
        var label: String
        var host: String
        var port: Int
        var secure: Bool
        /// The URL as given, named in failures.
        var url: String
    }

    enum Step: Error {
        case failed(String)
    }

    static let restrictedHint = "Binance refuses this region: use Binance.US (--rest-endpoint https://api.binance.us --endpoint wss://stream.binance.us:9443) or the data-only hosts (--rest-endpoint https://data-api.binance.vision --endpoint wss://data-stream.binance.vision)."

    /// DNS, TCP and (for https/wss) TLS lines for one endpoint; stops at the first failure.
    func connect(_ target: Target) async -> [DoctorLine] {
        var lines: [DoctorLine] = []
        let place = "\(target.host):\(target.port)"
        let addresses: [String]
        switch await resolve(target.host) {
        case .failure(.failed(let why)):
            return [DoctorLine(.fail, "\(target.label) dns", "\(target.host) (\(target.label) endpoint \(target.url)): \(why)")]
        case .success(let found):
            addresses = found
            let shown = found.prefix(2).joined(separator: ", ") + (found.count > 2 ? ", …" : "")
            lines.append(DoctorLine(.ok, "\(target.label) dns", "\(target.host) resolves to \(shown)."))
        }
        let started = Date()
        let channel: any Channel
        switch await tcp(addresses: addresses, port: target.port) {
        case .failure(.failed(let why)):
            lines.append(DoctorLine(.fail, "\(target.label) tcp", "\(place) (\(target.label) endpoint \(target.url)): \(why)"))
            return lines
        case .success(let c):
            channel = c
            lines.append(DoctorLine(.ok, "\(target.label) tcp", "connected to \(place) in \(DoctorText.millis(Date().timeIntervalSince(started)))."))
        }
        defer { channel.close(promise: nil) }
        guard target.secure else { return lines }
        switch await tls(on: channel, host: target.host) {
        case .failure(.failed(let why)):
            lines.append(DoctorLine(.fail, "\(target.label) tls", "\(place) (\(target.label) endpoint \(target.url)): \(why)"))
        case .success:
            lines.append(DoctorLine(.ok, "\(target.label) tls", "TLS handshake with \(target.host) done, certificate verified."))
        }
        return lines
    }

    // MARK: DNS

    func resolve(_ host: String) async -> Result<[String], Step> {
        let limit = timeout
        return await doctorBlocking(timeout: limit, fallback: .failure(.failed("the name server did not answer within \(Int(limit)) s: check the network connection and /etc/resolv.conf."))) {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            #if os(Linux)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            #else
            hints.ai_socktype = SOCK_STREAM
            #endif
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, nil, &hints, &list)
            guard status == 0, let list else { return .failure(.failed(NetworkChecks.dnsSentence(status))) }
            defer { freeaddrinfo(list) }
            var v4: [String] = []
            var v6: [String] = []
            var node: UnsafeMutablePointer<addrinfo>? = list
            while let info = node {
                var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    if info.pointee.ai_family == AF_INET6 {
                        if !v6.contains(text) { v6.append(text) }
                    } else if !v4.contains(text) {
                        v4.append(text)
                    }
                }
                node = info.pointee.ai_next
            }
            let all = v4 + v6
            return all.isEmpty ? .failure(.failed("the name has no address.")) : .success(all)
        }
    }

    static func dnsSentence(_ status: Int32) -> String {
        switch status {
        case EAI_NONAME:
            return "no such host name: this machine may be offline, its DNS may block the name, or the URL is misspelt."
        case EAI_AGAIN:
            return "the name could not be looked up (no answer from the name server): check the network connection and /etc/resolv.conf."
        case EAI_FAIL:
            return "the name server failed to answer: check /etc/resolv.conf or try another DNS server."
        default:
            #if os(Linux)
            if status == -5 { return "the name exists but has no address (EAI_NODATA)." }   // EAI_NODATA
            #endif
            return "the name could not be looked up (getaddrinfo error \(status)): check the network connection and DNS."
        }
    }

    // MARK: TCP

    func tcp(addresses: [String], port: Int) async -> Result<any Channel, Step> {
        var last = "no address to connect to."
        for ip in addresses.prefix(2) {
            do {
                let address = try SocketAddress(ipAddress: ip, port: port)
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(.milliseconds(Int64(timeout * 1000)))
                    .connect(to: address).get()
                return .success(channel)
            } catch {
                last = Self.connectSentence(error, timeout: timeout)
            }
        }
        return .failure(.failed(last))
    }

    static func connectSentence(_ error: any Error, timeout: Double) -> String {
        if let channel = error as? ChannelError, case .connectTimeout = channel {
            return "no answer within \(Int(timeout)) s: a firewall may be dropping the connection, or the network is down."
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED:
                return "connection refused: nothing listens on that port, or a firewall rejects it."
            case ENETUNREACH:
                return "the network is unreachable: this machine has no route to the internet."
            case EHOSTUNREACH:
                return "the host is unreachable: no route to it from this machine."
            case ETIMEDOUT:
                return "the connection timed out: a firewall may be dropping it, or the network is down."
            case EACCES, EPERM:
                return "the connection is not allowed: a local firewall or sandbox blocks it."
            default:
                return "the connection failed (\(String(cString: strerror(io.errnoCode))))."
            }
        }
        return "the connection failed."
    }

    // MARK: TLS

    func tls(on channel: any Channel, host: String) async -> Result<Void, Step> {
        let limit = timeout
        do {
            let context = try NIOSSLContext(configuration: trust.clientConfiguration)
            let sni: String? = Self.isIPAddress(host) ? nil : host
            let promise = channel.eventLoop.makePromise(of: Void.self)
            try await channel.eventLoop.submit {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: sni)
                try channel.pipeline.syncOperations.addHandler(handler)
                try channel.pipeline.syncOperations.addHandler(HandshakeWaiter(promise: promise))
            }.get()
            let timer = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(limit * 1000))) {
                promise.fail(ChannelError.connectTimeout(.milliseconds(Int64(limit * 1000))))
            }
            defer { timer.cancel() }
            try await promise.futureResult.get()
            return .success(())
        } catch {
            return .failure(.failed(Self.tlsSentence(error, timeout: limit)))
        }
    }

    static func tlsSentence(_ error: any Error, timeout: Double) -> String {
        if let channel = error as? ChannelError, case .connectTimeout = channel {
            return "the TLS handshake did not finish within \(Int(timeout)) s: something on the path holds the connection."
        }
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") || text.contains("Certificate") {
            return "the server's TLS certificate is not trusted: a proxy may be intercepting TLS (trust its authority with tls_ca_file), the system clock may be wrong, or the CA certificates (ca-certificates) are missing."
        }
        if text.contains("WRONG_VERSION_NUMBER") {
            return "the server does not speak TLS on this port: check the URL's scheme (https/wss vs http/ws) and port."
        }
        if error is NIOSSLError || error is BoringSSLError {
            return "the TLS handshake failed: a proxy or firewall may be interfering with encrypted connections."
        }
        if error is IOError || error is ChannelError {
            return "the server closed the connection during the TLS handshake: a firewall may be filtering it."
        }
        return "the TLS handshake failed."
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    // MARK: HTTP

    /// GET <rest>/api/v3/ping, then /api/v3/time for the clock; lines for both.
    func http(restBase: String, label: String) async -> [DoctorLine] {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .milliseconds(Int64(timeout * 1000)), read: .milliseconds(Int64(timeout * 1000)))
        configuration.tlsConfiguration = trust.clientConfiguration
        let client = HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton), configuration: configuration)
        let lines = await http(client: client, restBase: restBase, label: label)
        try? await client.shutdown()
        return lines
    }

    private func http(client: HTTPClient, restBase: String, label: String) async -> [DoctorLine] {
        var base = restBase
        while base.hasSuffix("/") { base.removeLast() }
        var lines: [DoctorLine] = []
        let pingURL = base + "/api/v3/ping"
        let started = Date()
        switch await get(client, pingURL) {
        case .failure(.failed(let why)):
            lines.append(DoctorLine(.fail, "\(label) http", "GET \(pingURL): \(why)"))
            lines.append(DoctorLine(.skip, "clock", "not checked: the exchange's REST endpoint did not answer."))
            return lines
        case .success(let (status, _)):
            let elapsed = DoctorText.millis(Date().timeIntervalSince(started))
            if status == 451 {
                lines.append(DoctorLine(.fail, "\(label) http", "GET \(pingURL) answered 451 (restricted region): \(Self.restrictedHint)"))
                lines.append(DoctorLine(.skip, "clock", "not checked: the exchange refuses this region."))
                return lines
            }
            guard (200..<300).contains(status) else {
                lines.append(DoctorLine(.fail, "\(label) http", "GET \(pingURL) answered \(status): \(Self.statusSentence(status))"))
                lines.append(DoctorLine(.skip, "clock", "not checked: the ping failed."))
                return lines
            }
            lines.append(DoctorLine(.ok, "\(label) http", "GET \(pingURL) answered \(status) in \(elapsed)."))
        }
        let timeURL = base + "/api/v3/time"
        let before = Date()
        let result = await get(client, timeURL)
        let after = Date()
        guard case .success(let (status, body)) = result, (200..<300).contains(status),
              let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let serverTime = (object["serverTime"] as? NSNumber)?.doubleValue else {
            lines.append(DoctorLine(.warn, "clock", "GET \(timeURL) gave no server time, so the clock offset is unknown."))
            return lines
        }
        let local = (before.timeIntervalSince1970 + after.timeIntervalSince1970) / 2 * 1000
        let offset = (local - serverTime) / 1000
        let direction = offset >= 0 ? "ahead of" : "behind"
        let amount = DoctorText.millis(abs(offset))
        if abs(offset) > 1 {
            lines.append(DoctorLine(.warn, "clock", "this machine's clock is \(amount) \(direction) the exchange's: candle times and countdowns will be off; turn on time sync (timedatectl set-ntp true, or chrony)."))
        } else {
            lines.append(DoctorLine(.ok, "clock", "this machine's clock is \(amount) \(direction) the exchange's (within 1 s)."))
        }
        return lines
    }

    private func get(_ client: HTTPClient, _ url: String) async -> Result<(Int, Data), Step> {
        do {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "User-Agent", value: "thebot/\(TheBot.version) doctor")
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            let body = try await response.body.collect(upTo: 1 << 20)
            return .success((Int(response.status.code), Data(body.readableBytesView)))
        } catch {
            return .failure(.failed(Self.httpSentence(error)))
        }
    }

    static func httpSentence(_ error: any Error) -> String {
        if let http = error as? HTTPClientError {
            switch http {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .getConnectionFromPoolTimeout:
                return "no answer in time: the network is slow or a firewall drops the traffic."
            case .tlsHandshakeTimeout:
                return "the TLS handshake did not finish in time."
            case .remoteConnectionClosed:
                return "the server closed the connection without answering."
            default:
                return "the request failed."
            }
        }
        if error is IOError || error is ChannelError || error is NIOConnectionError {
            return connectSentence((error as? NIOConnectionError)?.connectionErrors.first?.error ?? error, timeout: 3)
        }
        if error is NIOSSLError || error is BoringSSLError {
            return tlsSentence(error, timeout: 3)
        }
        if error is SocketAddressError || error is SocketAddressError.UnknownHost {
            return "the host name could not be looked up."
        }
        return "the request failed."
    }

    static func statusSentence(_ status: Int) -> String {
        switch status {
        case 403: return "access is forbidden from this address (a WAF or proxy refuses it)."
        case 418: return "this IP address is banned for too many requests; wait before trying again."
        case 429: return "too many requests from this address; wait a minute."
        case 404: return "this server has no Binance API at that path: check --rest-endpoint."
        case 500...599: return "the exchange has a server problem; try again later."
        default: return "an unexpected answer for a Binance API."
        }
    }
}

/// Completes a promise when the TLS handshake finishes or fails.
private final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let promise: EventLoopPromise<Void>

    init(promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls { promise.succeed(()) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.eof)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        promise.fail(ChannelError.ioOnClosedChannel)
    }
}
