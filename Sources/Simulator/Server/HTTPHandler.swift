import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Plain HTTP/1.1 (keep-alive) requests: REST and the /sim endpoints. WebSocket upgrades, on any
/// request of a connection, are taken off the pipeline before they reach it (see
/// `WebSocketUpgradeGate`); refused ones arrive here and get their answer.
final class HTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let name = "thebot-sim-http"

    private let engine: LiveEngine
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?

    init(engine: LiveEngine) { self.engine = engine }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
        case .body(var chunk):
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        case .end:
            guard let head else { return }
            self.head = nil
            let text = body.flatMap { $0.getString(at: $0.readerIndex, length: $0.readableBytes) } ?? ""
            let isAPI = head.uri.hasPrefix("/api/")
            // Requests between arrival and answer, across all connections: a client that keeps
            // one in flight never shows more than one here.
            if isAPI {
                engine.core.stats.withLock {
                    $0.restInFlight += 1
                    $0.restMaxInFlight = max($0.restMaxInFlight, $0.restInFlight)
                }
            }
            let reply = RESTRouter(engine: engine).respond(method: head.method, uri: head.uri, body: text)
            let delay = isAPI ? engine.core.faults.withLock { $0.settings.restDelayMilliseconds } : 0
            let core = engine.core
            let answer = {
                if isAPI { core.stats.withLock { $0.restInFlight -= 1 } }
                self.write(reply, for: head, context: context)
            }
            if delay > 0 {
                context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(delay))) { answer() }
            } else {
                answer()
            }
        }
    }

    private func write(_ reply: HTTPReply, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(string: reply.body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: reply.contentType)
        headers.add(name: "Content-Length", value: String(buffer.readableBytes))
        for (name, value) in reply.headers { headers.add(name: name, value: value) }
        let keepAlive = request.isKeepAlive
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let responseHead = HTTPResponseHead(version: request.version, status: reply.status, headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        if !keepAlive {
            done.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A refused WebSocket upgrade reports its error here before the request itself
        // arrives; the request is answered normally, so only other errors end the connection.
        if error is NIOWebSocketUpgradeError { return }
        context.close(promise: nil)
    }
}
