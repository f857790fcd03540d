import Foundation
import MarketModel

/// The real NKNUSDT capture in Tests/Fixtures/binance/depth_sync, parsed here with JSONSerialization
/// so the order-book tests do not depend on the stream decoder.
struct OrderBookFixtures {
    struct BookTickerLine {
        var updateId: Int64
        var bidPrice: ExactDecimal
        var askPrice: ExactDecimal
    }

    var snapshot: DepthSnapshot
    var diffs: [DepthUpdate]
    var bookTickers: [BookTickerLine]

    enum LoadError: Error, CustomStringConvertible {
        case noFixturesDirectory(String)
        case malformed(String)
        var description: String {
            switch self {
            case .noFixturesDirectory(let from): return "no Tests/Fixtures above \(from)"
            case .malformed(let what): return "malformed fixture: \(what)"
            }
        }
    }

    /// Walks up from this source file (through any symlink) to the folder holding Tests/Fixtures.
    static func fixturesDirectory(from file: String = #filePath) throws -> URL {
        var dir = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("Tests/Fixtures")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
            dir.deleteLastPathComponent()
        }
        throw LoadError.noFixturesDirectory(file)
    }

    static func loadDepthSync() throws -> OrderBookFixtures {
        let dir = try fixturesDirectory().appendingPathComponent("binance/depth_sync")
        let snapshotJSON = try object(Data(contentsOf: dir.appendingPathComponent("nknusdt_snapshot_limit1000.json")))
        guard let lastUpdateId = (snapshotJSON["lastUpdateId"] as? NSNumber)?.int64Value else {
            throw LoadError.malformed("snapshot lastUpdateId")
        }
        let snapshot = DepthSnapshot(lastUpdateId: lastUpdateId,
                                     bids: try levels(snapshotJSON["bids"]), asks: try levels(snapshotJSON["asks"]))

        let diffs = try lines(dir.appendingPathComponent("nknusdt_diffs_100ms.jsonl")).map { line -> DepthUpdate in
            let data = try payload(line)
            guard let symbol = data["s"] as? String,
                  let eventTime = (data["E"] as? NSNumber)?.int64Value,
                  let first = (data["U"] as? NSNumber)?.int64Value,
                  let final = (data["u"] as? NSNumber)?.int64Value else {
                throw LoadError.malformed("diff \(line.prefix(80))")
            }
            return DepthUpdate(symbol: Symbol(exchangeName: symbol)!, eventTime: eventTime, firstUpdateId: first,
                               finalUpdateId: final, bids: try levels(data["b"]), asks: try levels(data["a"]))
        }

        let tickers = try lines(dir.appendingPathComponent("nknusdt_bookTicker.jsonl")).map { line -> BookTickerLine in
            let data = try payload(line)
            guard let u = (data["u"] as? NSNumber)?.int64Value,
                  let bid = (data["b"] as? String).flatMap({ ExactDecimal($0) }),
                  let ask = (data["a"] as? String).flatMap({ ExactDecimal($0) }) else {
                throw LoadError.malformed("bookTicker \(line.prefix(80))")
            }
            return BookTickerLine(updateId: u, bidPrice: bid, askPrice: ask)
        }
        return OrderBookFixtures(snapshot: snapshot, diffs: diffs, bookTickers: tickers)
    }

    private static func object(_ data: Data) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw LoadError.malformed("not a JSON object")
        }
        return object
    }

    /// Unwraps the combined-stream envelope `{"stream":...,"data":{...}}`.
    private static func payload(_ line: String) throws -> [String: Any] {
        guard let data = try object(Data(line.utf8))["data"] as? [String: Any] else {
            throw LoadError.malformed("no data in \(line.prefix(80))")
        }
        return data
    }

    private static func lines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    private static func levels(_ value: Any?) throws -> [PriceLevel] {
        guard let rows = value as? [[String]] else { throw LoadError.malformed("price levels") }
        return try rows.map { row in
            guard row.count >= 2, let price = ExactDecimal(row[0]), let quantity = ExactDecimal(row[1]) else {
                throw LoadError.malformed("level \(row)")
            }
            return PriceLevel(price: price, quantity: quantity)
        }
    }
}
