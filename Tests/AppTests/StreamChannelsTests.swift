import Foundation
import MarketModel
import XCTest

/// `thebot stream --channels`: one NDJSON line type per channel, exact decimal strings, and depth
/// lines that are the simulator's own book (they agree with its bookTicker at the same update id).
final class StreamChannelsTests: XCTestCase {
    func testEachChannelPrintsItsLineTypeAndDepthAgreesWithTheBookTicker() throws {
        guard FileManager.default.isExecutableFile(atPath: StreamCommandTests.binary) else {
            XCTFail("the thebot binary is not built at \(StreamCommandTests.binary); `make test` builds it first")
            return
        }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: home) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: StreamCommandTests.binary)
        process.arguments = ["stream", "--json", "--demo", "--channels", "kline,trade,bookTicker,depth", "--symbols", "BTCUSDT",
                             "--no-signals"]
        process.environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/c", "XDG_STATE_HOME": home.path + "/s"]
            .merging(SanitizerEnvironment.variables) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let sink = StreamCommandTests.LineSink(pipe)

        let wanted: Set<String> = ["candle", "trade", "book_top", "depth"]
        func objects() -> [[String: Any]] {
            sink.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
        func types() -> Set<String> { Set(objects().compactMap { $0["type"] as? String }) }
        let deadline = Date().addingTimeInterval(60)
        while !types().isSuperset(of: wanted), process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
        }
        process.terminate()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        Thread.sleep(forTimeInterval: 0.2)

        let all = objects()
        XCTAssertEqual(all.count, sink.lines.count, "every line is one JSON object")
        XCTAssertTrue(types().isSuperset(of: wanted), "within 60 s: \(types()) of \(wanted)")
        XCTAssertFalse(types().contains("ticker"), "no ticker line without the ticker channel")

        func decimal(_ any: Any?) -> ExactDecimal? { (any as? String).flatMap { ExactDecimal($0) } }
        var tops: [Int64: (bid: ExactDecimal, ask: ExactDecimal)] = [:]
        for o in all where o["type"] as? String == "book_top" {
            let bid = try XCTUnwrap(decimal(o["bid_price"])), ask = try XCTUnwrap(decimal(o["ask_price"]))
            XCTAssertNotNil(decimal(o["bid_quantity"]))
            tops[(o["update_id"] as! NSNumber).int64Value] = (bid, ask)
        }
        for o in all where o["type"] as? String == "trade" {
            XCTAssertNotNil(decimal(o["price"]), "\(o)")
            XCTAssertNotNil(decimal(o["quantity"]), "\(o)")
            XCTAssertTrue(["buy", "sell"].contains(o["side"] as? String ?? ""), "\(o)")
        }
        var matched = 0
        for o in all where o["type"] as? String == "depth" {
            let bids = try XCTUnwrap(o["bids"] as? [[String]]).map { (ExactDecimal($0[0])!, ExactDecimal($0[1])!) }
            let asks = try XCTUnwrap(o["asks"] as? [[String]]).map { (ExactDecimal($0[0])!, ExactDecimal($0[1])!) }
            XCTAssertEqual(bids.count, 20, "--depth-levels defaults to 20")
            XCTAssertEqual(asks.count, 20)
            XCTAssertTrue(zip(bids, bids.dropFirst()).allSatisfy { $0.0 > $1.0 }, "bids best first: \(o)")
            XCTAssertTrue(zip(asks, asks.dropFirst()).allSatisfy { $0.0 < $1.0 }, "asks best first: \(o)")
            XCTAssertTrue(bids.allSatisfy { $0.1.doubleValue > 0 } && asks.allSatisfy { $0.1.doubleValue > 0 })
            guard let bestBid = bids.first?.0, let bestAsk = asks.first?.0 else { continue }
            XCTAssertLessThan(bestBid, bestAsk, "a synced book is never crossed: \(o)")
            if let top = tops[(o["update_id"] as! NSNumber).int64Value] {
                XCTAssertEqual(top.bid, bestBid, "depth and bookTicker at the same update id")
                XCTAssertEqual(top.ask, bestAsk)
                matched += 1
            }
        }
        XCTAssertGreaterThan(matched, 0, "some depth line shares its update id with a bookTicker line")
    }

    func testBadChannelsAndDepthLevelsAreOneSentence() throws {
        for (args, fragment) in [
            (["--channels", "kline,orders"], "\"orders\" is not a channel"),
            (["--channels", ","], "--channels needs at least one of"),
            (["--depth-levels", "0"], "--depth-levels must be between 1 and 1000"),
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: StreamCommandTests.binary)
            process.arguments = ["stream", "--json", "--demo"] + args
            process.environment = ["HOME": "/nonexistent-home"].merging(SanitizerEnvironment.variables) { $1 }
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            XCTAssertEqual(process.terminationStatus, 2, "\(args): \(text)")
            XCTAssertTrue(text.contains(fragment), "\(args): \(text)")
            XCTAssertEqual(text.split(separator: "\n").count, 1, "one sentence: \(text)")
        }
    }
}
