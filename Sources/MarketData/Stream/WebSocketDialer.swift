import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// Opens one WebSocket connection (TLS verified for wss) and hands back an async channel of frames.
/// Frames arrive unfragmented: continuation frames are joined (by the market handler when there
/// is one, else by NIO's aggregator) before they reach the reader.
public enum WebSocketDialer {
    public typealias Channel = NIOAsyncChannel<WebSocketFrame, WebSocketFrame>

    public enum DialError: Error, CustomStringConvertible, Sendable {
        /// The server answered the upgrade with `status` (nil when unknown) and this body text.
        case upgradeRefused(String, status: Int? = nil, body: String? = nil)
        case connectFailed(String)
        public var description: String {
            switch self {
            case .upgradeRefused(let target, let status, _):
                if let status {
                    return "The server at \(target) refused the WebSocket upgrade (HTTP \(status))."
                }
                return "The server at \(target) refused the WebSocket upgrade."
            case .connectFailed(let why):
                return why
            }
        }
    }

    enum UpgradeResult: Sendable {
        case websocket(Channel)
        /// The server answered with something other than 101; the future carries its status and body.
        case notUpgraded(EventLoopFuture<RefusalCapture.Refusal>)
    }

    /// Largest message we accept; the biggest venue payloads (depth snapshots, ticker arrays) fit well below it.
    public static let maxMessageSize = 4 << 20

    public static func connect(to endpoint: WebSocketEndpoint, path: String, group: any EventLoopGroup,
                               connectTimeout: TimeAmount = .seconds(10), trust: TLSTrust = .system,
                               marketHandler: (@Sendable () -> any ChannelHandler)? = nil) async throws -> Channel {
        let sslContext: NIOSSLContext? = endpoint.secure
            ? try NIOSSLContext(configuration: trust.clientConfiguration)
            : nil
        let hostHeader = endpoint.host
        // SNI carries names only; the certificate is still checked against an IP address.
        let sniHost: String? = isIPAddress(endpoint.host) ? nil : endpoint.host
        let upgradeResult: EventLoopFuture<UpgradeResult>
        do {
            upgradeResult = try await ClientBootstrap(group: group)
                .connectTimeout(connectTimeout)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let sslContext {
                            let tls = try NIOSSLClientHandler(context: sslContext, serverHostname: sniHost)
                            try channel.pipeline.syncOperations.addHandler(tls)
                        }
                        let upgrader = NIOTypedWebSocketClientUpgrader<UpgradeResult>(
                            maxFrameSize: maxMessageSize,
                            upgradePipelineHandler: { channel, _ in
                                channel.eventLoop.makeCompletedFuture {
                                    // Market frames are read and decoded here, on the event loop,
                                    // straight from the socket's bytes, and leave the pipeline as
                                    // whole batches. The market handler sits in front of NIO's
                                    // frame decoder and passes it only the frames the async
                                    // channel must see, whole and unfragmented.
                                    if let marketHandler {
                                        let frameDecoder = try channel.pipeline.syncOperations.handler(
                                            type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
                                        try channel.pipeline.syncOperations.addHandler(
                                            marketHandler(), position: .before(frameDecoder))
                                    } else {
                                        try channel.pipeline.syncOperations.addHandler(
                                            NIOWebSocketFrameAggregator(
                                                minNonFinalFragmentSize: 0,
                                                maxAccumulatedFrameCount: 64,
                                                maxAccumulatedFrameSize: maxMessageSize))
                                    }
                                    let asyncChannel = try Channel(wrappingChannelSynchronously: channel)
                                    return UpgradeResult.websocket(asyncChannel)
                                }
                            })
                        var headers = HTTPHeaders()
                        let portSuffix = (endpoint.secure && endpoint.port == 443) || (!endpoint.secure && endpoint.port == 80)
                            ? "" : ":\(endpoint.port)"
                        headers.add(name: "Host", value: hostHeader + portSuffix)
                        headers.add(name: "User-Agent", value: "thebot")
                        headers.add(name: "Content-Length", value: "0")
                        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
                        let configuration = NIOTypedHTTPClientUpgradeConfiguration(
                            upgradeRequestHead: head,
                            upgraders: [upgrader],
                            notUpgradingCompletionHandler: { channel in
                                // The upgrade handler re-fires the buffered response after this
                                // returns, so a handler added now sees the refusal's head and body.
                                channel.eventLoop.makeCompletedFuture {
                                    let promise = channel.eventLoop.makePromise(of: RefusalCapture.Refusal.self)
                                    try channel.pipeline.syncOperations.addHandler(RefusalCapture(promise: promise))
                                    // A server that never finishes its answer does not hold the dial.
                                    channel.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
                                    return UpgradeResult.notUpgraded(promise.futureResult)
                                }
                            })
                        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                            configuration: .init(upgradeConfiguration: configuration))
                    }
                }
        } catch {
            // Raw NIO errors go up unchanged: ConnectionProblem.classify turns them into sentences.
            throw error
        }
        let result: UpgradeResult
        do {
            result = try await upgradeResult.get()
        } catch {
            // Raw NIO errors go up unchanged: ConnectionProblem.classify turns them into sentences.
            throw error
        }
        switch result {
        case .websocket(let channel):
            return channel
        case .notUpgraded(let refusal):
            let answer = try? await refusal.get()
            throw DialError.upgradeRefused(endpoint.description, status: answer?.status, body: answer?.body)
        }
    }

    static func isIPAddress(_ host: String) -> Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".")
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// Reads the HTTP response that refused an upgrade (status and up to 4 KiB of body), then closes.
final class RefusalCapture: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    struct Refusal: Sendable {
        var status: Int?
        var body: String
    }

    private let promise: EventLoopPromise<Refusal>
    private var refusal = Refusal(status: nil, body: "")
    private var done = false

    init(promise: EventLoopPromise<Refusal>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            refusal.status = Int(head.status.code)
            // No body can follow when the server says so; do not wait for one.
            if head.headers["content-length"].first == "0" { finish(context: context) }
        case .body(var buffer):
            if refusal.body.utf8.count < 4096, let text = buffer.readString(length: min(buffer.readableBytes, 4096)) {
                refusal.body += text
            }
        case .end:
            finish(context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish(context: nil)
    }

    private func finish(context: ChannelHandlerContext?) {
        guard !done else { return }
        done = true
        promise.succeed(refusal)
        context?.close(promise: nil)
    }
}
