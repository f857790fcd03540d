import Foundation
import XCTest

/// A real `nats-server` for a test: JetStream on, its store in a temp dir, a free loopback port.
/// `stop()` and `start()` again keep the port and the store, as a restart on a box would.
final class NatsServer {
    let port: Int
    let storeDir: URL
    let jetStream: Bool
    /// Extra server flags, e.g. `--user alice --pass secret`.
    let extra: [String]
    private var process: Process?

    var url: String { "nats://127.0.0.1:\(port)" }

    init(jetStream: Bool = true, extra: [String] = []) throws {
        self.extra = extra
        port = try Self.freePort()
        storeDir = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-nats-\(UUID().uuidString)")
        self.jetStream = jetStream
        try FileManager.default.createDirectory(at: storeDir, withIntermediateDirectories: true)
    }

    static var binary: String? {
        ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func start() throws {
        guard let binary = Self.binary else {
            XCTFail("nats-server is not installed; `make test` installs it")
            throw CancellationError()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = (jetStream ? ["-js", "-sd", storeDir.path] : []) + ["-a", "127.0.0.1", "-p", "\(port)"] + extra
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(30)
        while !Self.accepts(port) {
            guard Date() < deadline, process.isRunning else {
                XCTFail("nats-server did not start on port \(port)")
                throw CancellationError()
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    func remove() {
        stop()
        try? FileManager.default.removeItem(at: storeDir)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Bool in
                bind(fd, p, len) == 0 && getsockname(fd, p, &len) == 0
            }
        }
        guard bound else { throw CancellationError() }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
