import Foundation
import MarketModel
import XCTest
@testable import Signals

final class HistoryQueryTests: XCTestCase {
    typealias F = SeriesFixture
    private var directory = ""
    private var path = ""

    override func setUpWithError() throws {
        directory = F.temporaryDirectory()
        path = directory + "/signals.sqlite"
        let store = try SignalStore(path: path)
        try store.append(contentsOf: [
            F.signal(0, symbol: "BTCUSDT", rule: "rsi", direction: .bullish, strength: 0.4, reason: "RSI(14) fell below 30 (28.4)."),
            F.signal(60, symbol: "ETHUSDT", rule: "ema-cross", direction: .bearish, strength: 0.75, reason: "EMA(12) crossed below EMA(26), \"fast\"."),
            F.signal(120, symbol: "BTCUSDT", rule: "bbands", direction: .neutral, strength: 1, reason: "Close broke\nout."),
        ])
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func run(symbol: String? = nil, since: String? = nil, format: SignalHistoryFormat) throws -> [String] {
        var lines: [String] = []
        try SignalHistoryQuery.run(databasePath: path, symbol: symbol, since: since, format: format,
                                   now: F.base + 3 * 3_600_000) { lines.append($0) }
        return lines
    }

    func testTableIsAligned() throws {
        let lines = try run(format: .table)
        XCTAssertEqual(lines, [
            "TIME                 SYMBOL   INTERVAL  RULE       DIRECTION  STRENGTH  PRICE    REASON",
            "2026-01-01 00:00:00  BTCUSDT  1m        rsi        bullish    0.4       4261.48  RSI(14) fell below 30 (28.4).",
            "2026-01-01 01:00:00  ETHUSDT  1m        ema-cross  bearish    0.75      4261.48  EMA(12) crossed below EMA(26), \"fast\".",
            "2026-01-01 02:00:00  BTCUSDT  1m        bbands     neutral    1         4261.48  Close broke out.",
        ])
    }

    func testCSVHasAHeaderAndQuotes() throws {
        let lines = try run(format: .csv)
        XCTAssertEqual(lines.first, "time,time_iso,symbol,interval,rule,direction,strength,price,reason")
        XCTAssertEqual(lines[1], "1767225600000,2026-01-01T00:00:00Z,BTCUSDT,1m,rsi,bullish,0.4,4261.48,RSI(14) fell below 30 (28.4).")
        XCTAssertEqual(lines[2], "1767229200000,2026-01-01T01:00:00Z,ETHUSDT,1m,ema-cross,bearish,0.75,4261.48,\"EMA(12) crossed below EMA(26), \"\"fast\"\".\"")
        XCTAssertEqual(lines[3], "1767232800000,2026-01-01T02:00:00Z,BTCUSDT,1m,bbands,neutral,1,4261.48,\"Close broke\nout.\"")
    }

    func testJSONIsOneSignalObjectPerLine() throws {
        let lines = try run(symbol: "btcusdt", format: .json)
        XCTAssertEqual(lines.count, 2)
        for line in lines {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual(object["type"] as? String, "signal")
            XCTAssertEqual(object["symbol"] as? String, "BTCUSDT")
        }
    }

    func testSinceFilters() throws {
        XCTAssertEqual(try run(since: "2026-01-01T01:00Z", format: .json).count, 2)
        XCTAssertEqual(try run(since: "2h", format: .json).count, 2, "now is 03:00, so since 01:00")
        XCTAssertEqual(try run(since: "90m", format: .json).count, 1)
        XCTAssertEqual(try run(since: "1767232800000", format: .json).count, 1)
        XCTAssertEqual(try run(symbol: "ETHUSDT", since: "2026-01-01", format: .json).count, 1)
        XCTAssertEqual(try run(since: "2026-01-02", format: .table), ["No signals."])
    }

    func testSinceParsing() {
        let now: Int64 = 1_800_000_000_000
        XCTAssertEqual(HistoryTime.parse("2026-11-24", now: now), 1_795_478_400_000)
        XCTAssertEqual(HistoryTime.parse("2026-11-24T10:15", now: now), 1_795_478_400_000 + 36_900_000)
        XCTAssertEqual(HistoryTime.parse("2026-11-24 10:15:30.25Z", now: now), 1_795_478_400_000 + 36_930_250)
        XCTAssertEqual(HistoryTime.parse("2026-11-24T10:15:00+02:00", now: now), 1_795_478_400_000 + 36_900_000 - 7_200_000)
        XCTAssertEqual(HistoryTime.parse("1795478400000", now: now), 1_795_478_400_000)
        XCTAssertEqual(HistoryTime.parse("2h", now: now), now - 7_200_000)
        XCTAssertEqual(HistoryTime.parse("3d", now: now), now - 3 * 86_400_000)
        XCTAssertEqual(HistoryTime.parse(" 45s ", now: now), now - 45_000)
        for bad in ["", "yesterday", "2026-02-30", "2026-13-01", "2026-11-24T25:00", "2h30m", "-5", "3y", "2026-11-24T10:15Zjunk"] {
            XCTAssertNil(HistoryTime.parse(bad, now: now), bad)
        }
    }

    func testBadInputIsOneSentence() {
        XCTAssertThrowsError(try run(since: "last tuesday", format: .table)) {
            XCTAssertEqual("\($0)", "'last tuesday' is not a time for --since; use a date (2026-11-24), a date-time (2026-11-24T10:15Z), epoch milliseconds or a time ago (2h, 3d).")
        }
        XCTAssertThrowsError(try run(symbol: "BTC/USDT", format: .table)) {
            XCTAssertEqual("\($0)", "'BTC/USDT' is not a symbol; use letters and digits such as BTCUSDT.")
        }
        XCTAssertThrowsError(try SignalHistoryQuery.run(databasePath: directory + "/none.sqlite", symbol: nil, since: nil,
                                                        format: .table) { _ in }) {
            XCTAssertEqual("\($0)", "No signal history at \(directory)/none.sqlite yet; run the monitor first or pass the database path.")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/none.sqlite"))
    }
}
