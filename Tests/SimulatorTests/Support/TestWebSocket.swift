import MarketModel
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
@testable import Simulator

/// A tiny WebSocket client of its own, written on NIO and independent of the client code, so
/// the tests see exactly the bytes the simulator sends.
final class TestWebSocket: Sendable {
    struct State: Sendable {
        var texts: [String] = []
        var pings = 0
        var closed = false
        var closeCode: UInt16?
        var upgradeStatus: Int?
    }

    let state = Locked(State())
    let autoPong: Bool
    private let channelBox = Locked<Channel?>(nil)

    private init(autoPong: Bool) { self.autoPong = autoPong }

    enum Failure: Error { case upgradeRefused(status: Int), timeout(String) }

    static func connect(port: Int, path: String, autoPong: Bool = true) async throws -> TestWebSocket {
        let client = TestWebSocket(autoPong: autoPong)
        let group = MultiThreadedEventLoopGroup.singleton
        let upgraded = group.next().makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let request = UpgradeRequestHandler(path: path, port: port, client: client, upgraded: upgraded)
                    var key = [UInt8](repeating: 0, count: 16)
                    for i in key.indices { key[i] = UInt8.random(in: 0...255) }
                    let upgrader = NIOWebSocketClientUpgrader(
                        requestKey: Data(key).base64EncodedString(), maxFrameSize: 1 << 24,
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(FrameCollector(client: client))
                                upgraded.succeed()
                            }
                        })
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        withClientUpgrade: (upgraders: [upgrader], completionHandler: { context in
                            context.pipeline.removeHandler(name: "upgrade-request", promise: nil)
                        }))
                    try channel.pipeline.syncOperations.addHandler(request, name: "upgrade-request")
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        client.channelBox.withLock { $0 = channel }
        channel.closeFuture.whenComplete { _ in
            client.state.withLock { $0.closed = true }
            upgraded.fail(Failure.upgradeRefused(status: client.state.snapshot.upgradeStatus ?? 0))
        }
        try await upgraded.futureResult.get()
        return client
    }

    var texts: [String] { state.snapshot.texts }
    var isClosed: Bool { state.snapshot.closed }

    func send(_ text: String) {
        guard let channel = channelBox.snapshot else { return }
        let buffer = channel.allocator.buffer(string: text)
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: buffer), promise: nil)
    }

    func sendPing() {
        guard let channel = channelBox.snapshot else { return }
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .ping, maskKey: .random(), data: channel.allocator.buffer(capacity: 0)),
                              promise: nil)
    }

    func close() async {
        try? await channelBox.snapshot?.close()
    }

    /// JSON objects received so far (frames that do not parse are left out).
    var objects: [Any] {
        texts.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
    }

    /// Waits until `condition` holds for the texts received, or fails after `timeout` seconds.
    func waitFor(_ what: String, timeout: Double = 10, _ condition: @Sendable ([String]) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(texts) { return }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw Failure.timeout(what)
    }

    func waitUntilClosed(timeout: Double) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if isClosed { return }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw Failure.timeout("close")
    }
}

private final class UpgradeRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let path: String
    let port: Int
    let client: TestWebSocket
    let upgraded: EventLoopPromise<Void>

    init(path: String, port: Int, client: TestWebSocket, upgraded: EventLoopPromise<Void>) {
        self.path = path
        self.port = port
        self.client = client
        self.upgraded = upgraded
    }

    func channelActive(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "127.0.0.1:\(port)")
        headers.add(name: "Content-Length", value: "0")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let response) = unwrapInboundIn(data) {
            client.state.withLock { $0.upgradeStatus = Int(response.status.code) }
        }
        if case .end = unwrapInboundIn(data) { context.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A refused upgrade: the response head arrives next; closing after it ends the attempt.
    }
}

private final class FrameCollector: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    let client: TestWebSocket

    init(client: TestWebSocket) { self.client = client }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            var data = frame.unmaskedData
            let text = data.readString(length: data.readableBytes) ?? ""
            client.state.withLock { $0.texts.append(text) }
        case .ping:
            client.state.withLock { $0.pings += 1 }
            if client.autoPong {
                let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
                context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
            }
        case .connectionClose:
            var data = frame.unmaskedData
            let code = data.readInteger(as: UInt16.self)
            client.state.withLock { $0.closeCode = code }
            context.close(promise: nil)
        default:
            break
        }
    }
}
