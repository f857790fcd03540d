import Foundation
import MarketData
import XCTest
@testable import App

final class LogFileTests: XCTestCase {
    var dir: String!

    override func setUp() {
        dir = NSTemporaryDirectory() + "logfile-\(UUID().uuidString)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func lines(_ path: String) -> [String] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        // Drop the timestamp: "2026-01-01T00:00:00.000Z message".
        return text.split(separator: "\n").map { line in
            line.firstIndex(of: " ").map { String(line[line.index(after: $0)...]) } ?? String(line)
        }
    }

    func testIdenticalConsecutiveLinesAreCounted() {
        let log = LogFile(path: dir + "/thebot.log")
        for _ in 0..<6 { log.write("same") }
        log.write("different")
        log.write("same")
        log.write("last")
        log.write("last")
        log.flush()
        XCTAssertEqual(lines(log.path), [
            "same", "(previous line repeated 5 more times)", "different", "same", "last",
            "(previous line repeated 1 more time)",
        ])
    }

    func testTheFileRotatesAtTheCap() {
        let log = LogFile(path: dir + "/thebot.log", maxBytes: 1_000)
        for i in 0..<100 { log.write("line \(i) with some padding to fill the file") }
        let current = (try? FileManager.default.attributesOfItem(atPath: log.path)[.size] as? Int) ?? -1
        let rotated = (try? FileManager.default.attributesOfItem(atPath: log.rotatedPath)[.size] as? Int) ?? -1
        XCTAssertGreaterThan(current, 0)
        XCTAssertLessThanOrEqual(current, 1_000)
        XCTAssertGreaterThan(rotated, 0)
        XCTAssertLessThanOrEqual(rotated, 1_000)
        XCTAssertEqual(lines(log.path).last, "line 99 with some padding to fill the file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: log.path + ".2"))
    }

    func testHealthIsLoggedOnlyWhenItChanges() {
        let log = LogFile(path: dir + "/thebot.log")
        let reset = "Connection 1 to 127.0.0.1:9 was reset by the server; reconnecting now."
        for _ in 0..<5 { log.writeHealth(FeedHealth(state: .live)) }
        for _ in 0..<5 { log.writeHealth(FeedHealth(state: .reconnecting, reconnects: 1, lastError: reset)) }
        for _ in 0..<13 { log.writeHealth(FeedHealth(state: .live, reconnects: 1, lastError: reset)) }
        XCTAssertEqual(lines(log.path), [
            "Feed is live: 0 connections carrying 0 streams.", reset, "Feed is live again after 1 reconnect.",
        ])
    }
}
