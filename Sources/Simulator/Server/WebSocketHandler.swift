import NIOCore
import NIOWebSocket

/// The NIO end of one WebSocket connection: hands incoming frames to the engine and writes
/// the frames the engine produces.
final class WebSocketHandler: ChannelInboundHandler, FrameSink {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let engine: LiveEngine
    private let initialStreams: [StreamName]
    private let combined: Bool
    private var context: ChannelHandlerContext?
    private var session: WebSocketSession?
    private var sentClose = false

    init(engine: LiveEngine, streams: [StreamName], combined: Bool) {
        self.engine = engine
        initialStreams = streams
        self.combined = combined
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        session = engine.open(sink: self, streams: initialStreams, combined: combined)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if let session { engine.closed(session) }
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let session { engine.closed(session) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let session else { return }
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            var payload = frame.unmaskedData
            let text = payload.readString(length: payload.readableBytes) ?? ""
            engine.receivedText(session, text)
        case .ping:
            engine.receivedPing(session, payload: frame.unmaskedData)
        case .pong:
            var payload = frame.unmaskedData
            engine.receivedPong(session, payload: payload.readString(length: payload.readableBytes) ?? "")
        case .connectionClose:
            engine.receivedClose(session)
            close(code: .normalClosure)
        default:
            engine.receivedOther(session)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    // MARK: FrameSink

    var isWritable: Bool { context?.channel.isWritable ?? false }

    func write(text: String) {
        guard let context else { return }
        let buffer = context.channel.allocator.buffer(string: text)
        context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: buffer)), promise: nil)
    }

    func write(text: String, count: Int) {
        guard let context else { return }
        // One buffer shared by every frame: the encoder only reads it.
        let buffer = context.channel.allocator.buffer(string: text)
        let frame = wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: buffer))
        for _ in 0..<count { context.write(frame, promise: nil) }
    }

    func ping(_ payload: String) {
        guard let context else { return }
        let buffer = context.channel.allocator.buffer(string: payload)
        context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: buffer)), promise: nil)
    }

    func pong(_ payload: ByteBuffer) {
        context?.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: payload)), promise: nil)
    }

    func flush() { context?.flush() }

    func abort() { context?.close(promise: nil) }

    func close(code: WebSocketErrorCode) {
        guard let context, !sentClose else { return }
        sentClose = true
        var buffer = context.channel.allocator.buffer(capacity: 2)
        buffer.write(webSocketErrorCode: code)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: buffer)
        context.writeAndFlush(wrapOutboundOut(frame)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
