import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// One request as the test server saw it.
struct RestRecordedRequest: Sendable {
    var uri: String
    var userAgent: String?
    var arrivedAt: ContinuousClock.Instant
}

/// What the test server answers to one request.
struct RestScriptedResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: String = ""
    /// Held back this long before the head is written (a slow exchange).
    var delay: Duration = .zero

    static func ok(_ body: String = "{}", usedWeight: Int? = nil) -> RestScriptedResponse {
        RestScriptedResponse(status: 200,
                             headers: usedWeight.map { [(RestTestServer.usedWeightHeader, String($0))] } ?? [],
                             body: body)
    }
}

/// A tiny HTTP/1.1 server on 127.0.0.1 that answers from a script indexed by arrival order,
/// so client behaviour (retries, pauses, budgets) can be asserted against a real socket.
final class RestTestServer: Sendable {
    /// The weight header this test venue reports, as Binance does.
    static let usedWeightHeader = "X-MBX-USED-WEIGHT-1M"

    let port: Int
    private let channel: any Channel
    private let log: NIOLockedValueBox<[RestRecordedRequest]>

    private init(port: Int, channel: any Channel, log: NIOLockedValueBox<[RestRecordedRequest]>) {
        self.port = port
        self.channel = channel
        self.log = log
    }

    static func start(_ script: @escaping @Sendable (_ index: Int, _ request: RestRecordedRequest) -> RestScriptedResponse) async throws -> RestTestServer {
        let log = NIOLockedValueBox<[RestRecordedRequest]>([])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(RestScriptHandler(log: log, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return RestTestServer(port: channel.localAddress!.port!, channel: channel, log: log)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [RestRecordedRequest] { log.withLockedValue { $0 } }
    var requestCount: Int { log.withLockedValue { $0.count } }

    func stop() async {
        try? await channel.close()
    }
}

private final class RestScriptHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: NIOLockedValueBox<[RestRecordedRequest]>
    private let script: @Sendable (Int, RestRecordedRequest) -> RestScriptedResponse
    private var pending: RestScriptedResponse?

    init(log: NIOLockedValueBox<[RestRecordedRequest]>, script: @escaping @Sendable (Int, RestRecordedRequest) -> RestScriptedResponse) {
        self.log = log
        self.script = script
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let request = RestRecordedRequest(uri: head.uri, userAgent: head.headers.first(name: "User-Agent"),
                                              arrivedAt: .now)
            let index = log.withLockedValue { entries in
                entries.append(request)
                return entries.count - 1
            }
            pending = script(index, request)
        case .body:
            break
        case .end:
            guard let response = pending else { return }
            pending = nil
            let channel = context.channel
            if response.delay > .zero {
                context.eventLoop.scheduleTask(in: TimeAmount(response.delay)) {
                    RestScriptHandler.write(response, to: channel)
                }
            } else {
                RestScriptHandler.write(response, to: channel)
            }
        }
    }

    private static func write(_ response: RestScriptedResponse, to channel: any Channel) {
        var headers = HTTPHeaders(response.headers)
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.utf8.count))
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status),
                                    headers: headers)
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: response.body))), promise: nil)
        channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
    }
}
