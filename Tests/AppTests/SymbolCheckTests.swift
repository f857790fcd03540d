import Foundation
import MarketModel
import XCTest
@testable import App

/// A mistyped symbol is left out with one sentence; everything else goes live.
final class SymbolCheckTests: XCTestCase {
    func testAMistypedSymbolIsNamedWithTheNearestListedOne() {
        let listed: Set<String> = ["BTCUSDT", "ETHUSDT", "BTCUSDC", "SOLUSDT"]
        let outcome = SymbolCheck.check([Symbol("BTCUSDT")!, Symbol("BTCUSTD")!, Symbol("ETHUSDT")!, Symbol("QQQQQQ")!],
                                        listed: listed, venue: "Binance")
        XCTAssertEqual(outcome.listed.map(\.name), ["BTCUSDT", "ETHUSDT"], "listed symbols keep their order")
        XCTAssertEqual(outcome.sentences, ["BTCUSTD is not listed on Binance; did you mean BTCUSDT?",
                                           "QQQQQQ is not listed on Binance."])
    }

    func testEditDistanceCountsASwapAsOne() {
        func d(_ a: String, _ b: String) -> Int { SymbolCheck.editDistance(Array(a.utf8), Array(b.utf8)) }
        XCTAssertEqual(d("BTCUSTD", "BTCUSDT"), 1)
        XCTAssertEqual(d("BTCUSD", "BTCUSDT"), 1)
        XCTAssertEqual(d("ETHUSDT", "BTCUSDT"), 2)
        XCTAssertEqual(d("", "ABC"), 3)
        XCTAssertEqual(d("SOLUSDT", "SOLUSDT"), 0)
        XCTAssertNil(SymbolCheck.nearest("DOGEEUR", in: ["BTCUSDT"]), "nothing within two edits")
    }

    /// `thebot stream --json --demo --symbols BTCUSDT,BTCUSTD`: one sentence naming BTCUSTD on
    /// stderr, and BTCUSDT live (not only backfilled).
    func testStreamGoesLiveForTheListedSymbolAndNamesTheMistypedOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-symcheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.ndjson")
        let err = dir.appendingPathComponent("err.txt")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TmuxDriver.binaryPath())
        process.arguments = ["stream", "--json", "--demo", "--speed", "10", "--no-signals", "--symbols", "BTCUSDT,BTCUSTD"]
        process.environment = ["HOME": dir.path, "XDG_CONFIG_HOME": dir.appendingPathComponent("config").path,
                               "XDG_STATE_HOME": dir.appendingPathComponent("state").path, "PATH": "/usr/bin:/bin"]
            .merging(SanitizerEnvironment.variables) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let deadline = Date().addingTimeInterval(30)
        var live: String?
        while Date() < deadline, process.isRunning {
            let text = String(decoding: FileManager.default.contents(atPath: out.path) ?? Data(), as: UTF8.self)
            live = text.split(separator: "\n").first {
                $0.contains("\"symbol\":\"BTCUSDT\"") && $0.contains("\"backfilled\":false")
            }.map(String.init)
            if live != nil { break }
            usleep(100_000)
        }
        process.terminate()
        process.waitUntilExit()
        let stderr = String(decoding: FileManager.default.contents(atPath: err.path) ?? Data(), as: UTF8.self)
        let stdout = String(decoding: FileManager.default.contents(atPath: out.path) ?? Data(), as: UTF8.self)
        XCTAssertNotNil(live, "a live BTCUSDT candle within 30 s; stdout:\n\(stdout.suffix(2000))\nstderr:\n\(stderr)")
        XCTAssertEqual(stderr, "thebot: BTCUSTD is not listed on the simulated exchange; did you mean BTCUSDT?\n")
        XCTAssertFalse(stdout.contains("BTCUSTD"), "nothing is subscribed for the mistyped symbol")
        XCTAssertEqual(process.terminationStatus, 0, "SIGTERM ends the stream cleanly")
    }

    func testOnlyUnlistedSymbolsIsExitCode2() throws {
        let result = try CommandLineTests.runThebot(["stream", "--json", "--demo", "--symbols", "BTCUSTD"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "thebot: BTCUSTD is not listed on the simulated exchange; did you mean BTCUSDT?\n")
    }
}
