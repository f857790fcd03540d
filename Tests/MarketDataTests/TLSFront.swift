import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// The test certificates in Tests/Fixtures/tls (see SOURCES.md there).
enum TLSFixtures {
    static var directory: URL {
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("Tests/Fixtures/tls")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "/nonexistent/Tests/Fixtures/tls")
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The test authority's certificate.
    static var caFile: String { path("ca.pem") }
}

/// A TLS server on 127.0.0.1 that hands every connection's plain bytes to a backend port (the
/// simulator): wss:// and https:// in front of a ws:// and http:// server, with the certificate
/// the test chooses.
final class TLSFront: Sendable {
    enum Certificate: String {
        /// Signed by the test CA.
        case signedByTestCA = "server"
        /// Self-signed: no authority vouches for it.
        case selfSigned = "selfsigned"
    }

    let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    static func start(certificate: Certificate, backendPort: Int, host: String = "127.0.0.1") async throws -> TLSFront {
        let chain = try NIOSSLCertificate.fromPEMFile(TLSFixtures.path("\(certificate.rawValue).pem"))
        let key = try NIOSSLPrivateKey(file: TLSFixtures.path("\(certificate.rawValue).key"), format: .pem)
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        let context = try NIOSSLContext(configuration: configuration)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { client in
                // The backend connection lives on the client's event loop, so the two glue
                // handlers call each other without hopping threads.
                ClientBootstrap(group: client.eventLoop)
                    .connect(host: "127.0.0.1", port: backendPort)
                    .flatMapThrowing { backend in
                        let (front, back) = Glue.pair()
                        try client.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                        try client.pipeline.syncOperations.addHandler(front)
                        try backend.pipeline.syncOperations.addHandler(back)
                    }
            }
            .bind(host: host, port: 0).get()
        return TLSFront(port: channel.localAddress?.port ?? 0, channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }
}

/// Passes bytes between two channels on one event loop; when either side closes, so does the other.
private final class Glue: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var partner: Glue?
    private var context: ChannelHandlerContext?

    static func pair() -> (Glue, Glue) {
        let a = Glue(), b = Glue()
        a.partner = b
        b.partner = a
        return (a, b)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.send(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.context?.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func send(_ buffer: ByteBuffer) {
        context?.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }
}
