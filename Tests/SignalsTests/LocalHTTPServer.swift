import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 (port chosen by the kernel) for the webhook tests:
/// it answers each request with the next scripted status (200 once the script is used up)
/// and records the bodies it received.
final class LocalHTTPServer: Sendable {
    let port: UInt16
    private let listener: Int32
    private let script: Mutex<[Int]>
    let bodies = Mutex<[String]>([])
    /// Answers written so far.
    let answered = Mutex(0)
    /// While set, a request is read and recorded but its answer waits for `releaseAnswers()`.
    private let holding: Mutex<Bool>
    private let released = DispatchSemaphore(value: 0)

    init(statuses: [Int] = [], holdAnswers: Bool = false) throws {
        script = Mutex(statuses)
        holding = Mutex(holdAnswers)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = fd
        Thread.detachNewThread { [self] in serve() }
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/hook")! }

    /// Lets held and later answers go out.
    func releaseAnswers() {
        let wasHolding = holding.withLock { h in
            defer { h = false }
            return h
        }
        if wasHolding { released.signal() }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            handle(client)
            close(client)
        }
    }

    private func handle(_ client: Int32) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        var contentLength = 0
        var sentContinue = false
        while true {
            if let end = headerEnd, data.count >= end + contentLength { break }
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            data += buffer[0..<n]
            if headerEnd == nil, let range = find(Array("\r\n\r\n".utf8), in: data) {
                headerEnd = range
                let head = String(decoding: data[0..<range], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
                if head.contains("expect: 100-continue") && !sentContinue {
                    sentContinue = true
                    _ = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8).withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                }
            }
        }
        guard let end = headerEnd else { return }
        let body = String(decoding: data[end..<(end + contentLength)], as: UTF8.self)
        bodies.withLock { $0.append(body) }
        if holding.withLock({ $0 }) { released.wait() }
        let status = script.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
        let response = "HTTP/1.1 \(status) Scripted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        _ = Array(response.utf8).withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
        answered.withLock { $0 += 1 }
    }

    /// Index just past `needle` in `haystack`.
    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle {
            return i + needle.count
        }
        return nil
    }
}
