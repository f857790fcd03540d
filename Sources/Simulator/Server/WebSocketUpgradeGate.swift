import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Lets a WebSocket upgrade through on any request of a keep-alive connection, not only the
/// first: ccxt.pro shares one HTTP session between REST and WebSocket, so an upgrade often
/// follows `GET /api/v3/time` on the same socket.
///
/// NIO's `HTTPServerUpgradeHandler` decides on the first request only and then leaves the
/// pipeline. This gate sits in its place, in front of `HTTPHandler`, and for every request head
/// that asks for an upgrade it puts a fresh `HTTPServerUpgradeHandler` right behind itself, so
/// that request is that handler's first. The handler either upgrades (taking the HTTP handlers,
/// this gate included, off the pipeline) or declines and removes itself, passing the request on
/// to `HTTPHandler`, which answers refused upgrades (503, 400 for unknown streams, 426).
///
/// `HTTPServerPipelineHandler` in front delivers one request at a time, so every earlier
/// response has been written when an upgrade request gets here, and the request decoder stops
/// parsing after an upgrade request, so nothing of the connection is read past it.
final class WebSocketUpgradeGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    static let name = "thebot-sim-ws-gate"

    private let makeUpgrader: () -> HTTPServerProtocolUpgrader
    private let completion: (ChannelHandlerContext) -> Void

    /// - Parameters:
    ///   - makeUpgrader: a WebSocket upgrader for one upgrade attempt.
    ///   - completion: called once the 101 is written, before the upgrader's pipeline handler.
    init(makeUpgrader: @escaping () -> HTTPServerProtocolUpgrader,
         completion: @escaping (ChannelHandlerContext) -> Void) {
        self.makeUpgrader = makeUpgrader
        self.completion = completion
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data), Self.asksForUpgrade(head) {
            do {
                try installUpgradeHandler(context: context)
            } catch {
                // Without the HTTP handlers to hand over there is nothing to upgrade from; the
                // request goes on to be answered as a plain one.
            }
        }
        context.fireChannelRead(data)
    }

    /// Any `Upgrade` header: the upgrade handler checks the rest (protocol, WebSocket headers)
    /// and passes on what it does not take.
    static func asksForUpgrade(_ head: HTTPRequestHead) -> Bool {
        !head.headers[canonicalForm: "upgrade"].isEmpty
    }

    private func installUpgradeHandler(context: ChannelHandlerContext) throws {
        let sync = context.pipeline.syncOperations
        let encoder = try sync.handler(type: HTTPResponseEncoder.self)
        // The handlers configureHTTPServerPipeline put after the encoder, in pipeline order;
        // all of them stop making sense once the connection speaks WebSocket.
        var extras: [RemovableChannelHandler] = [try sync.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)]
        if let handler = try? sync.handler(type: HTTPServerPipelineHandler.self) { extras.append(handler) }
        if let handler = try? sync.handler(type: NIOHTTPResponseHeadersValidator.self) { extras.append(handler) }
        if let handler = try? sync.handler(type: HTTPServerProtocolErrorHandler.self) { extras.append(handler) }
        extras.append(self)
        let upgradeHandler = HTTPServerUpgradeHandler(upgraders: [makeUpgrader()], httpEncoder: encoder,
                                                      extraHTTPHandlers: extras,
                                                      upgradeCompletionHandler: completion)
        try sync.addHandler(upgradeHandler, position: .after(self))
    }
}
