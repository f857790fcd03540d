import Foundation
import Synchronization
import XCTest
@testable import Signals

final class CommandNotifierTests: XCTestCase {
    typealias F = SeriesFixture
    private var directory = ""

    override func setUp() { directory = F.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func testTheCommandReceivesTheSignalJSONOnStdin() throws {
        let file = directory + "/got.json"
        let logs = Mutex<[String]>([])
        let command = CommandNotifier(command: "cat > '\(file)'", timeout: 5) { line in logs.withLock { $0.append(line) } }
        let signal = F.signal(0)
        command.run(input: signal.jsonData)
        command.waitUntilIdle()
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), signal.jsonLine)
        XCTAssertEqual(logs.withLock { $0 }, [])
    }

    /// `run` returns while the command is still running: the command waits at a gate (a FIFO)
    /// that only the caller opens, after `run` has returned; only then does it write its marker.
    func testRunReturnsWhileTheCommandIsStillRunning() throws {
        let gate = directory + "/gate"
        let marker = directory + "/passed"
        XCTAssertEqual(mkfifo(gate, 0o600), 0)
        let logs = Mutex<[String]>([])
        let command = CommandNotifier(command: "cat > /dev/null; read line < '\(gate)'; echo \"$line\" > '\(marker)'",
                                      timeout: 20) { line in logs.withLock { $0.append(line) } }
        command.run(input: F.signal(0).jsonData)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "the command passed a gate nobody opened")
        // A FIFO opens for writing only while a reader has it open: the command is alive, waiting.
        var fd: Int32 = -1
        for _ in 0..<500 where fd < 0 {
            fd = open(gate, O_WRONLY | O_NONBLOCK)
            if fd < 0 { usleep(20_000) }
        }
        guard fd >= 0 else {
            return XCTFail("the command was not waiting at the gate after run returned (it ended, or run waited for it)")
        }
        _ = Array("open\n".utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        command.waitUntilIdle()
        XCTAssertEqual(try String(contentsOfFile: marker, encoding: .utf8), "open\n")
        XCTAssertEqual(logs.withLock { $0 }, [])
    }

    func testAHangingCommandIsKilledWithItsChildren() throws {
        let pidFile = directory + "/pid"
        let logs = Mutex<[String]>([])
        let command = CommandNotifier(command: "sleep 30 & echo $! > '\(pidFile)'; wait", timeout: 0.3) { line in
            logs.withLock { $0.append(line) }
        }
        command.run(input: F.signal(0).jsonData)
        command.waitUntilIdle()
        XCTAssertEqual(logs.withLock { $0 }, ["notify_command did not finish within 0.3 s and was killed."])
        let pid = try XCTUnwrap(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The grandchild went with the process group (a zombie awaiting its reaper counts as gone).
        var alive = true
        for _ in 0..<100 where alive {
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            alive = stat.map { !$0.contains(") Z ") } ?? false
            if alive { usleep(20_000) }
        }
        XCTAssertFalse(alive, "sleep \(pid) survived the timeout")
    }

    func testFailuresAreLogged() {
        let logs = Mutex<[String]>([])
        let command = CommandNotifier(command: "exit 3", timeout: 5) { line in logs.withLock { $0.append(line) } }
        command.run(input: Data("{}".utf8))
        command.waitUntilIdle()
        XCTAssertEqual(logs.withLock { $0 }, ["notify_command exited with status 3."])
    }

    func testACommandThatIgnoresStdinDoesNotHurt() {
        let logs = Mutex<[String]>([])
        let command = CommandNotifier(command: "true", timeout: 5) { line in logs.withLock { $0.append(line) } }
        command.run(input: Data(repeating: 0x41, count: 200_000))
        command.waitUntilIdle()
        XCTAssertEqual(logs.withLock { $0 }, [])
    }
}
