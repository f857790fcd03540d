import Foundation
import MarketData

/// Line output to stdout that notices a closed reader (`thebot stream | head`) instead of dying
/// on SIGPIPE: writes fail with EPIPE and `isClosed` turns true, so the command can exit 0.
final class StdoutWriter: Sendable {
    static let shared = StdoutWriter()
    private let closed = Locked(false)

    init() {
        signal(SIGPIPE, SIG_IGN)
    }

    var isClosed: Bool { closed.withLock { $0 } }

    func line(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(10)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                closed.withLock { $0 = true }
                return
            }
            offset += n
        }
    }
}
