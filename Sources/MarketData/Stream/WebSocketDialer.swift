import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// Opens one WebSocket connection (TLS verified for wss) and hands back an async channel of frames.
/// Frames arrive unfragmented: an aggregator joins continuation frames before they reach the reader.
public enum WebSocketDialer {
    public typealias Channel = NIOAsyncChannel<WebSocketFrame, WebSocketFrame>

    public enum DialError: Error, CustomStringConvertible, Sendable {
        case upgradeRefused(String)
        case connectFailed(String)
        public var description: String {
            switch self {
            case .upgradeRefused(let target):
                return "The server at \(target) refused the WebSocket upgrade."
            case .connectFailed(let why):
                return why
            }
        }
    }

    enum UpgradeResult: Sendable {
        case websocket(Channel)
        case notUpgraded
    }

    /// Largest message we accept; Binance's biggest payloads (depth snapshots, ticker arrays) fit well below it.
    public static let maxMessageSize = 4 << 20

    public static func connect(to endpoint: WebSocketEndpoint, path: String, group: any EventLoopGroup,
                               connectTimeout: TimeAmount = .seconds(10)) async throws -> Channel {
        let sslContext: NIOSSLContext? = endpoint.secure
            ? try NIOSSLContext(configuration: .makeClientConfiguration())
            : nil
        let hostHeader = endpoint.host
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
                                    try channel.pipeline.syncOperations.addHandler(
                                        NIOWebSocketFrameAggregator(
                                            minNonFinalFragmentSize: 0,
                                            maxAccumulatedFrameCount: 64,
                                            maxAccumulatedFrameSize: maxMessageSize))
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
                                channel.eventLoop.makeCompletedFuture { UpgradeResult.notUpgraded }
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
        case .notUpgraded:
            throw DialError.upgradeRefused(endpoint.description)
        }
    }

    static func isIPAddress(_ host: String) -> Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".")
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
