import Foundation
import MarketData
import MarketModel

/// The log: a file in the XDG state directory, never the screen. One line per entry with a UTC
/// timestamp; writes are serialised and cheap enough to call from any task.
final class LogFile: Sendable {
    static let shared = LogFile(path: LogFile.defaultPath)

    let path: String
    private let handle: Locked<FileHandle?>

    static var stateDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/thebot" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.local/state/thebot"
    }

    static var defaultPath: String { stateDirectory + "/thebot.log" }

    init(path: String) {
        self.path = path
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let h = FileHandle(forWritingAtPath: path)
        _ = try? h?.seekToEnd()
        handle = Locked(h)
    }

    func write(_ message: String) {
        let line = "\(CivilDateText.now()) \(message)\n"
        handle.withLock { h in
            try? h?.write(contentsOf: Data(line.utf8))
        }
    }
}

enum CivilDateText {
    static func now() -> String {
        let ms = wallClockMilliseconds()
        return CivilDate.iso8601(ms)
    }
}
