import Foundation
import MarketModel

/// Output to stdout that notices a closed reader (`thebot stream | head`) instead of dying on
/// SIGPIPE: writes fail with EPIPE and `isClosed` turns true, so the command can exit 0.
///
/// `line` writes one line at once (history, signal-burst). `appendAndWrite` takes a whole
/// batch of lines into a reused buffer and writes it with one `write`: `stream` calls it once
/// per socket read, since a `write` per line costs more than all the work behind the line.
final class StdoutWriter: Sendable {
    static let shared = StdoutWriter()
    private let closed = Locked(false)
    /// The batch buffer, reused from batch to batch; held through its write so batches never
    /// interleave or reorder.
    private let pending = Locked<[UInt8]>([])

    init() {
        signal(SIGPIPE, SIG_IGN)
    }

    var isClosed: Bool { closed.withLock { $0 } }

    func line(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(10)
        pending.withLock { _ in writeAll(bytes) }
    }

    /// `body` appends UTF-8 lines (newlines included); they are written before this returns.
    func appendAndWrite(_ body: (inout [UInt8]) -> Void) {
        pending.withLock { bytes in
            body(&bytes)
            guard !bytes.isEmpty else { return }
            writeAll(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
    }

    private func writeAll(_ bytes: [UInt8]) {
        guard !isClosed else { return }
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
