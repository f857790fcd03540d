import Dispatch
import Foundation
import MarketModel

/// Line output to stdout that notices a closed reader (`thebot stream | head`) instead of dying
/// on SIGPIPE: writes fail with EPIPE and `isClosed` turns true, so the command can exit 0.
///
/// Buffered, lines are collected and written together: at the latest `flushDelay` after the first
/// line of a batch, at once when the buffer passes `flushBytes`, and on `flush()` (call it before
/// exit). A `write` per line costs more than all the work that produced the line.
final class StdoutWriter: Sendable {
    static let shared = StdoutWriter()
    private let closed = Locked(false)
    private let buffered: Bool
    private let pending = Locked(Pending())
    /// Held from taking the buffer to the end of its write, so two flushes never reorder lines.
    private let writing = Locked(())
    private let flushDelay: DispatchTimeInterval
    private let flushBytes: Int

    private struct Pending {
        var bytes: [UInt8] = []
        var flushScheduled = false
    }

    init(buffered: Bool = false, flushDelay: DispatchTimeInterval = .milliseconds(5), flushBytes: Int = 64 * 1024) {
        signal(SIGPIPE, SIG_IGN)
        self.buffered = buffered
        self.flushDelay = flushDelay
        self.flushBytes = flushBytes
    }

    var isClosed: Bool { closed.withLock { $0 } }

    func line(_ text: String) {
        guard buffered else {
            var bytes = Array(text.utf8)
            bytes.append(10)
            writeAll(bytes)
            return
        }
        let (full, schedule) = pending.withLock { p -> (Bool, Bool) in
            p.bytes.append(contentsOf: text.utf8)
            p.bytes.append(10)
            let schedule = !p.flushScheduled
            p.flushScheduled = true
            return (p.bytes.count >= flushBytes, schedule)
        }
        if full {
            flush()
        } else if schedule {
            DispatchQueue.global().asyncAfter(deadline: .now() + flushDelay) { [self] in flush() }
        }
    }

    /// Appends a batch of lines in one step: `body` writes UTF-8 (newlines included) straight
    /// into the buffer. Buffered writers only.
    func append(_ body: (inout [UInt8]) -> Void) {
        let (full, schedule) = pending.withLock { p -> (Bool, Bool) in
            let before = p.bytes.count
            body(&p.bytes)
            guard p.bytes.count > before else { return (false, false) }
            let schedule = !p.flushScheduled
            p.flushScheduled = true
            return (p.bytes.count >= flushBytes, schedule)
        }
        if full {
            flush()
        } else if schedule {
            DispatchQueue.global().asyncAfter(deadline: .now() + flushDelay) { [self] in flush() }
        }
    }

    /// Writes whatever is buffered now.
    func flush() {
        writing.withLock { _ in
            let bytes = pending.withLock { p -> [UInt8] in
                p.flushScheduled = false
                defer { p.bytes.removeAll(keepingCapacity: true) }
                return p.bytes
            }
            if !bytes.isEmpty { writeAll(bytes) }
        }
    }

    private func writeAll(_ bytes: [UInt8]) {
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
