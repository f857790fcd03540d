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

    func testAHangingCommandIsKilledWithItsChildrenAndNeverBlocksTheCaller() throws {
        let pidFile = directory + "/pid"
        let logs = Mutex<[String]>([])
        let command = CommandNotifier(command: "sleep 30 & echo $! > '\(pidFile)'; wait", timeout: 0.3) { line in
            logs.withLock { $0.append(line) }
        }
        let start = Date()
        command.run(input: F.signal(0).jsonData)
        XCTAssertLessThan(Date().timeIntervalSince(start), 0.25, "run must return at once, not after the 0.3 s timeout")
        command.waitUntilIdle()
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertGreaterThanOrEqual(elapsed, 0.3)
        XCTAssertLessThan(elapsed, 3)
        XCTAssertEqual(logs.withLock { $0 }, ["notify_command did not finish within 0.3 s and was killed."])
        let pid = try XCTUnwrap(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The grandchild went with the process group (a zombie awaiting its reaper counts as gone).
        let deadline = Date().addingTimeInterval(2)
        var alive = true
        while alive && Date() < deadline {
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
