import MarketModel
import Foundation
import NIOCore
import NIOPosix
import XCTest
@testable import Simulator

/// WebSocket upgrades on any request of a keep-alive connection, as ccxt.pro sends them: it
/// shares one HTTP session between REST and WebSocket, so an upgrade often follows a REST
/// request on the same socket. Everything here goes over one raw TCP socket, written and read
/// byte by byte, so the test sees exactly what the simulator sends.
final class KeepAliveUpgradeTests: XCTestCase {
    /// RFC 6455 section 1.3's sample key and the accept value it must produce.
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="
    static let accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

    func testUpgradeAfterRESTRequestOnSameConnection() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        let socket = try await RawSocket.connect(port: port)
        defer { Task { await socket.close() } }

        try await socket.send(RawSocket.get("/api/v3/time", port: port))
        let time = try await socket.readResponse("time response")
        XCTAssertEqual(time.status, 200)
        XCTAssertEqual(time.header("connection")?.lowercased(), "keep-alive")
        let body = try XCTUnwrap(jsonObject(time.body), time.body)
        XCTAssertNotNil(body["serverTime"] as? Int, time.body)

        try await socket.send(RawSocket.upgrade("/ws/btcusdt@kline_1m", port: port, key: Self.key))
        let upgrade = try await socket.readResponse("upgrade response")
        try assertSwitched(upgrade)

        let kline = try await socket.readTextFrame("kline frame") { jsonObject($0)?["e"] as? String == "kline" }
        let object = try XCTUnwrap(jsonObject(kline), kline)
        XCTAssertEqual(object["s"] as? String, "BTCUSDT")
        let candle = try XCTUnwrap(KlineFrame(object), kline)
        XCTAssertEqual(candle.interval, "1m")
        XCTAssertTrue(candle.low <= candle.open && candle.open <= candle.high, kline)

        // The server reads frames on the upgraded connection too.
        try await socket.sendTextFrame("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":7}")
        let answer = try await socket.readTextFrame("LIST_SUBSCRIPTIONS answer") { $0.contains("\"id\":7") }
        XCTAssertEqual(answer, "{\"result\":[\"btcusdt@kline_1m\"],\"id\":7}")
        XCTAssertEqual(exchange.stats().restRequests, 1)
    }

    func testUpgradeAsFirstRequestOfRawConnection() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        let socket = try await RawSocket.connect(port: port)
        defer { Task { await socket.close() } }

        try await socket.send(RawSocket.upgrade("/stream?streams=btcusdt@kline_1m", port: port, key: Self.key))
        try assertSwitched(try await socket.readResponse("upgrade response"))
        let text = try await socket.readTextFrame("combined kline frame") { $0.hasPrefix("{\"stream\":\"btcusdt@kline_1m\"") }
        let wrapper = try XCTUnwrap(jsonObject(text), text)
        XCTAssertNotNil(KlineFrame(try XCTUnwrap(wrapper["data"] as? [String: Any])), text)
    }

    /// Requests pipelined in one write, the upgrade last: each is answered in order, then the
    /// connection switches. REST answers are delayed, so the upgrade request waits for them.
    func testPipelinedRequestsFollowedByUpgrade() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        exchange.apply(.restDelay(milliseconds: 50))
        let socket = try await RawSocket.connect(port: port)
        defer { Task { await socket.close() } }

        try await socket.send(RawSocket.get("/api/v3/ping", port: port) + RawSocket.get("/api/v3/time", port: port)
            + RawSocket.upgrade("/ws/ethusdt@kline_1m", port: port, key: Self.key))
        let ping = try await socket.readResponse("ping response")
        XCTAssertEqual(ping.status, 200)
        XCTAssertEqual(ping.body, "{}")
        let time = try await socket.readResponse("time response")
        XCTAssertEqual(time.status, 200)
        XCTAssertNotNil(jsonObject(time.body)?["serverTime"] as? Int, time.body)
        try assertSwitched(try await socket.readResponse("upgrade response"))
        let kline = try await socket.readTextFrame("kline frame") { jsonObject($0)?["e"] as? String == "kline" }
        XCTAssertEqual(jsonObject(kline)?["s"] as? String, "ETHUSDT", kline)
    }

    /// A later upgrade to an unknown stream keeps today's answer: 400 with Binance's error.
    func testUnknownStreamOnLaterRequestStillGets400() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        let socket = try await RawSocket.connect(port: port)
        defer { Task { await socket.close() } }

        try await socket.send(RawSocket.get("/api/v3/time", port: port))
        let time = try await socket.readResponse("time response")
        XCTAssertEqual(time.status, 200)
        try await socket.send(RawSocket.upgrade("/ws/nopeusdt@kline_1m", port: port, key: Self.key))
        let refused = try await socket.readResponse("refused upgrade")
        XCTAssertEqual(refused.status, 400)
        XCTAssertEqual(jsonObject(refused.body)?["code"] as? Int, -1100, refused.body)
        XCTAssertNil(refused.header("sec-websocket-accept"))
    }

    /// While connections are refused a later upgrade gets 503 too; once they are accepted again
    /// an upgrade on a fresh keep-alive connection after a REST request goes through.
    func testRefusedLaterUpgradeGets503() async throws {
        let (exchange, port) = try await startExchange(testOptions())
        defer { Task { await exchange.stop() } }
        exchange.apply(.refuseConnections(seconds: 600))
        let socket = try await RawSocket.connect(port: port)
        defer { Task { await socket.close() } }
        try await socket.send(RawSocket.get("/api/v3/time", port: port))
        let time = try await socket.readResponse("time response")
        XCTAssertEqual(time.status, 200, "REST is never refused")
        try await socket.send(RawSocket.upgrade("/ws/btcusdt@trade", port: port, key: Self.key))
        let refused = try await socket.readResponse("refused upgrade")
        XCTAssertEqual(refused.status, 503)
        XCTAssertEqual(exchange.stats().upgradesRefused, 1)

        exchange.apply(.reset)
        let second = try await RawSocket.connect(port: port)
        defer { Task { await second.close() } }
        try await second.send(RawSocket.get("/api/v3/time", port: port))
        let secondTime = try await second.readResponse("time response")
        XCTAssertEqual(secondTime.status, 200)
        try await second.send(RawSocket.upgrade("/ws/btcusdt@trade", port: port, key: Self.key))
        try assertSwitched(try await second.readResponse("upgrade response"))
    }

    private func assertSwitched(_ response: RawSocket.Response, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(response.status, 101, response.head, file: file, line: line)
        XCTAssertEqual(response.header("upgrade")?.lowercased(), "websocket", file: file, line: line)
        XCTAssertEqual(response.header("connection")?.lowercased(), "upgrade", file: file, line: line)
        XCTAssertEqual(response.header("sec-websocket-accept"), Self.accept, file: file, line: line)
    }
}

/// One TCP connection: bytes written as given, bytes received kept in order until consumed.
final class RawSocket: Sendable {
    struct Response {
        var status: Int
        var head: String
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    struct StateBox: Sendable {
        var bytes: [UInt8] = []
        var closed = false
    }

    private let box: Locked<StateBox>
    private let channel: Channel

    private init(channel: Channel, box: Locked<StateBox>) {
        self.channel = channel
        self.box = box
    }

    static func connect(port: Int) async throws -> RawSocket {
        let collector = Locked(StateBox())
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteCollector(state: collector))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawSocket(channel: channel, box: collector)
    }

    static func get(_ path: String, port: Int) -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: keep-alive\r\nAccept: application/json\r\n\r\n"
    }

    static func upgrade(_ path: String, port: Int, key: String) -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: \(key)\r\n\r\n"
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(string: text)).get()
    }

    /// A masked text frame, as clients must send them.
    func sendTextFrame(_ text: String) async throws {
        let payload = Array(text.utf8)
        precondition(payload.count < 126)
        let mask: [UInt8] = (0..<4).map { _ in UInt8.random(in: 0...255) }
        var bytes: [UInt8] = [0x81, 0x80 | UInt8(payload.count)] + mask
        for (i, byte) in payload.enumerated() { bytes.append(byte ^ mask[i % 4]) }
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
    }

    func close() async {
        try? await channel.close()
    }

    /// Waits until `parse` finds a whole item at the start of the bytes received, then removes
    /// its bytes and returns it; fails after `timeout` seconds.
    private func take<T>(_ what: String, timeout: Double, _ parse: ([UInt8]) throws -> (T, Int)?) async throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let snapshot = box.snapshot
            if let (item, length) = try parse(snapshot.bytes) {
                box.withLock { $0.bytes.removeFirst(length) }
                return item
            }
            if snapshot.closed {
                throw TestWebSocket.Failure.timeout("\(what): connection closed with \(snapshot.bytes.count) bytes unread")
            }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        throw TestWebSocket.Failure.timeout(what)
    }

    /// One HTTP/1.1 response with a Content-Length body (or none, for 101).
    func readResponse(_ what: String, timeout: Double = 10) async throws -> Response {
        try await take(what, timeout: timeout) { bytes in
            let separator: [UInt8] = [13, 10, 13, 10]
            guard bytes.count >= 4,
                  let end = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == separator })
            else { return nil }
            let head = String(decoding: bytes[..<end], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
                throw TestWebSocket.Failure.timeout("\(what): not an HTTP response: \(head)")
            }
            let headers = lines.compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
            let start = end + 4
            guard bytes.count >= start + length else { return nil }
            let body = String(decoding: bytes[start..<start + length], as: UTF8.self)
            return (Response(status: status, head: head, headers: headers, body: body), start + length)
        }
    }

    /// Server frames until a text frame whose text satisfies `condition`; control and other
    /// frames on the way are skipped. Server frames must not be masked.
    func readTextFrame(_ what: String, timeout: Double = 10, _ condition: @escaping (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw TestWebSocket.Failure.timeout(what) }
            let (opcode, payload) = try await take(what, timeout: remaining) { bytes -> ((UInt8, [UInt8]), Int)? in
                guard bytes.count >= 2 else { return nil }
                guard bytes[1] & 0x80 == 0 else { throw TestWebSocket.Failure.timeout("\(what): masked server frame") }
                var length = Int(bytes[1] & 0x7F)
                var offset = 2
                if length == 126 {
                    guard bytes.count >= 4 else { return nil }
                    length = Int(bytes[2]) << 8 | Int(bytes[3])
                    offset = 4
                } else if length == 127 {
                    guard bytes.count >= 10 else { return nil }
                    length = bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }
                    offset = 10
                }
                guard bytes.count >= offset + length else { return nil }
                return ((bytes[0] & 0x0F, Array(bytes[offset..<offset + length])), offset + length)
            }
            if opcode == 0x1 {
                let text = String(decoding: payload, as: UTF8.self)
                if condition(text) { return text }
            } else if opcode == 0x8 {
                throw TestWebSocket.Failure.timeout("\(what): server closed the WebSocket")
            }
        }
    }
}

private final class ByteCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let state: Locked<RawSocket.StateBox>

    init(state: Locked<RawSocket.StateBox>) { self.state = state }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        state.withLock { $0.bytes.append(contentsOf: bytes) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.withLock { $0.closed = true }
        context.fireChannelInactive()
    }
}
