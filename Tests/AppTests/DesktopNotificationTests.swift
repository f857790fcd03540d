import Foundation
import XCTest

/// The bell and the OSC 9 / OSC 777 desktop notifications, read back from a real pseudo-terminal
/// (util-linux `script` gives the process a pty and copies every byte it writes).
final class DesktopNotificationTests: XCTestCase {
    func bytesFromPTY(tmux: Bool) throws -> [UInt8] {
        guard FileManager.default.isExecutableFile(atPath: StreamCommandTests.binary) else {
            XCTFail("the thebot binary is not built at \(StreamCommandTests.binary); `make test` builds it first")
            throw CancellationError()
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            XCTFail("util-linux `script` (/usr/bin/script, Debian's bsdutils) is not installed; `make test` installs it")
            throw CancellationError()
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-osc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let command = "\(StreamCommandTests.binary) signal-burst --database \(dir.path)/s.sqlite --count 3 --rate 100 --notify"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        var env = ["PATH": "/usr/bin:/bin", "HOME": dir.path, "TERM": "xterm-256color"].merging(SanitizerEnvironment.variables) { $1 }
        if tmux { env["TMUX"] = "/run/user/0/tmux-0/default,1,0" }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return Array(data)
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    func testSignalsReachTheTerminalAsBellAndDesktopNotifications() throws {
        let bytes = try bytesFromPTY(tmux: false)
        XCTAssertTrue(contains(bytes, Array("\u{1b}]9;".utf8)), "OSC 9")
        XCTAssertTrue(contains(bytes, Array("\u{1b}]777;notify;".utf8)), "OSC 777")
        XCTAssertTrue(bytes.contains(0x07), "BEL")
        XCTAssertFalse(contains(bytes, Array("\u{1b}Ptmux;".utf8)), "no tmux wrapper outside tmux")
    }

    func testInsideTmuxTheSequencesAreWrappedForPassthrough() throws {
        let bytes = try bytesFromPTY(tmux: true)
        // DCS tmux; <sequence with every ESC doubled> ST
        XCTAssertTrue(contains(bytes, Array("\u{1b}Ptmux;\u{1b}\u{1b}]9;".utf8)), "OSC 9 through tmux")
        XCTAssertTrue(contains(bytes, Array("\u{1b}Ptmux;\u{1b}\u{1b}]777;notify;".utf8)), "OSC 777 through tmux")
        XCTAssertTrue(contains(bytes, Array("\u{1b}\\".utf8)), "string terminator")
    }
}
