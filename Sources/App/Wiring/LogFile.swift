import Foundation
import MarketData
import MarketModel

/// The log: a file in the XDG state directory, never the screen. One line per entry with a UTC
/// timestamp; writes are serialised and cheap enough to call from any task.
///
/// A line identical to the one before it is counted, not written again: the count appears as
/// "(previous line repeated N times)" when a different line comes. The file is capped: past
/// `maxBytes` it becomes `thebot.log.1` (replacing the older one) and a fresh file starts.
final class LogFile: Sendable {
    static let shared = LogFile(path: LogFile.defaultPath)

    /// 5 MB, then rotate.
    static let defaultMaxBytes = 5 << 20

    let path: String
    let maxBytes: Int
    private let state: Locked<State>

    private struct State {
        var handle: FileHandle?
        var size: Int = 0
        var lastMessage: String?
        var repeats = 0
        var narrator = HealthNarrator()
    }

    static var stateDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/thebot" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.local/state/thebot"
    }

    static var defaultPath: String { stateDirectory + "/thebot.log" }

    /// Where the previous file goes when the current one reaches the cap.
    var rotatedPath: String { path + ".1" }

    init(path: String, maxBytes: Int = LogFile.defaultMaxBytes) {
        self.path = path
        self.maxBytes = maxBytes
        try? PrivateFiles.prepareDirectory(forFile: path)
        var initial = State()
        initial.handle = Self.open(path)
        initial.size = Int((try? initial.handle?.seekToEnd()) ?? 0)
        state = Locked(initial)
    }

    deinit {
        state.withLock { s in
            flushRepeats(&s)
            try? s.handle?.close()
        }
    }

    private static func open(_ path: String) -> FileHandle? {
        // 0600 from the first byte (umask or not), and tightened when an older file is looser.
        let fd = Glibc.open(path, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, PrivateFiles.fileMode)
        guard fd >= 0 else { return nil }
        PrivateFiles.tightenFile(path)
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func write(_ message: String) {
        state.withLock { s in
            if message == s.lastMessage {
                s.repeats += 1
                return
            }
            flushRepeats(&s)
            append("\(CivilDateText.now()) \(message)\n", to: &s)
            s.lastMessage = message
        }
    }

    /// Logs a feed health snapshot only when it tells something new: a state change or a new
    /// problem, as one sentence. The periodic refreshes in between write nothing.
    func writeHealth(_ health: FeedHealth) {
        if let line = state.withLock({ $0.narrator.line(for: health) }) {
            write(line)
        }
    }

    /// Writes the pending repeat count now (the next different line would otherwise carry it).
    func flush() {
        state.withLock { flushRepeats(&$0) }
    }

    private func flushRepeats(_ s: inout State) {
        guard s.repeats > 0 else { return }
        let n = s.repeats
        s.repeats = 0
        append("\(CivilDateText.now()) (previous line repeated \(n) more time\(n == 1 ? "" : "s"))\n", to: &s)
    }

    private func append(_ line: String, to s: inout State) {
        let data = Data(line.utf8)
        if s.size > 0, s.size + data.count > maxBytes { rotate(&s) }
        try? s.handle?.write(contentsOf: data)
        s.size += data.count
    }

    private func rotate(_ s: inout State) {
        try? s.handle?.close()
        let fm = FileManager.default
        try? fm.removeItem(atPath: rotatedPath)
        try? fm.moveItem(atPath: path, toPath: rotatedPath)
        s.handle = Self.open(path)
        s.size = 0
    }
}

enum CivilDateText {
    static func now() -> String {
        let ms = wallClockMilliseconds()
        return CivilDate.iso8601(ms)
    }
}
