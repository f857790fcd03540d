import Foundation
import MarketModel
import XCTest
@testable import Simulator

/// Firehose mode: a fixed frame rate spread over every kline and trade stream, with kline
/// frames that are still true updates of the market and closes that still equal the truth.
final class FirehoseTests: XCTestCase {
    static let klineKeys: Set<String> = ["t", "T", "s", "i", "f", "L", "o", "c", "h", "l", "v", "n", "x", "q", "V", "Q", "B"]

    func testKlinesAndTradesFlowAndClosedBarsEqualTheRESTTruth() async throws {
        var options = testOptions(speed: 30)
        options.firehose = 2_000
        let (exchange, port) = try await startExchange(options)
        defer { Task { await exchange.stop() } }
        let streams = ["btcusdt@kline_1s", "ethusdt@kline_1m", "btcusdt@trade", "solusdt@aggTrade"]
        let socket = try await TestWebSocket.connect(port: port, path: "/stream?streams=" + streams.joined(separator: "/"))
        // At 30x a 1m bar closes every 2 real seconds: wait for two of them, and for 1s closes.
        try await socket.waitFor("two 1m closes and twenty 1s closes", timeout: 30) { texts in
            texts.filter { $0.hasPrefix("{\"stream\":\"ethusdt@kline_1m\"") && $0.contains("\"x\":true") }.count >= 2
                && texts.filter { $0.hasPrefix("{\"stream\":\"btcusdt@kline_1s\"") && $0.contains("\"x\":true") }.count >= 20
        }
        await socket.close()

        var byStream: [String: [[String: Any]]] = [:]
        for text in socket.texts {
            let wrapper = try XCTUnwrap(jsonObject(text), text)
            let stream = try XCTUnwrap(wrapper["stream"] as? String)
            byStream[stream, default: []].append(try XCTUnwrap(wrapper["data"] as? [String: Any]))
        }
        XCTAssertEqual(Set(byStream.keys), Set(streams), "every stream gets frames")
        let total = byStream.values.reduce(0) { $0 + $1.count }
        for stream in streams {
            // An even split gives each of the four a quarter; closes and rounding move it a little.
            XCTAssertGreaterThan(byStream[stream]!.count * 5, total, "\(stream) gets its share of \(total)")
        }

        // Kline frames: the normal mode's layout, every one a consistent state of its bar.
        for (stream, interval, step) in [("btcusdt@kline_1s", "1s", Int64(1_000)), ("ethusdt@kline_1m", "1m", Int64(60_000))] {
            let objects = byStream[stream]!
            XCTAssertEqual(objects.filter { Set($0.keys) != ["e", "E", "s", "k"] }.count, 0, "\(stream) top-level fields")
            XCTAssertEqual(objects.filter { Set(($0["k"] as? [String: Any] ?? [:]).keys) != Self.klineKeys }.count, 0,
                           "\(stream) kline fields")
            let frames = try objects.map { try XCTUnwrap(KlineFrame($0)) }
            XCTAssertEqual(frames.filter { $0.interval != interval }.count, 0)
            XCTAssertEqual(frames.filter { !($0.low <= $0.open && $0.open <= $0.high && $0.low <= $0.close && $0.close <= $0.high) }.count,
                           0, "\(stream): open and close within low and high")
            XCTAssertEqual(zip(frames.dropFirst(), frames).filter { $0.openTime < $1.openTime }.count, 0, "\(stream): bars in order")
            let regressions = zip(frames.dropFirst(), frames).filter { later, earlier in
                later.openTime == earlier.openTime && (later.trades < earlier.trades || later.volume < earlier.volume)
            }
            XCTAssertEqual(regressions.count, 0, "\(stream): a bar only ever grows")
            XCTAssertEqual(zip(frames.dropFirst(), frames).filter { $1.closed && $0.openTime == $1.openTime }.count, 0,
                           "\(stream): nothing about a bar after its close")

            let closes = frames.filter(\.closed)
            XCTAssertGreaterThanOrEqual(closes.count, interval == "1m" ? 2 : 20)
            XCTAssertEqual(zip(closes.dropFirst(), closes).filter { $0.openTime - $1.openTime != step }.count, 0,
                           "\(stream): every close once, none skipped")
            let symbol = stream.hasPrefix("btc") ? "BTCUSDT" : "ETHUSDT"
            let reply = try await HTTPTestClient.get(port, "/api/v3/klines?symbol=\(symbol)&interval=\(interval)"
                + "&startTime=\(closes.first!.openTime)&endTime=\(closes.last!.openTime)&limit=1000")
            XCTAssertEqual(reply.status, 200)
            let rows = try XCTUnwrap(reply.json as? [[Any]])
            XCTAssertEqual(rows.map { ($0[0] as! NSNumber).int64Value }, closes.map(\.openTime), "\(stream): REST has the same bars")
            let mismatches = zip(closes, rows).filter { frame, row in
                ExactDecimal(row[1] as! String) != frame.open || ExactDecimal(row[2] as! String) != frame.high
                    || ExactDecimal(row[3] as! String) != frame.low || ExactDecimal(row[4] as! String) != frame.close
                    || ExactDecimal(row[5] as! String) != frame.volume || (row[6] as! NSNumber).int64Value != frame.closeTime
                    || (row[8] as! NSNumber).int64Value != frame.trades
            }
            XCTAssertEqual(mismatches.count, 0, "\(stream): closed bars equal the REST rows")
        }

        for (stream, kind) in [("btcusdt@trade", "trade"), ("solusdt@aggTrade", "aggTrade")] {
            let objects = byStream[stream]!
            XCTAssertEqual(objects.filter { $0["e"] as? String != kind }.count, 0, "\(stream) event type")
            XCTAssertEqual(objects.filter { ($0["p"] as? String).flatMap { ExactDecimal($0) } == nil }.count, 0, "\(stream) prices")
            XCTAssertEqual(objects.filter { $0["T"] as? Int == nil || $0["m"] as? Bool == nil }.count, 0, "\(stream) fields")
        }

        let stats = exchange.stats()
        XCTAssertGreaterThanOrEqual(stats.klineFramesSent, byStream["btcusdt@kline_1s"]!.count + byStream["ethusdt@kline_1m"]!.count)
        XCTAssertGreaterThanOrEqual(stats.tradeFramesSent, byStream["btcusdt@trade"]!.count + byStream["solusdt@aggTrade"]!.count)
        XCTAssertEqual(stats.klineFramesSent + stats.tradeFramesSent, stats.dataFramesSent, "only kline and trade streams")
    }

    /// The rate is shared by streams, not by connections: three streams on one connection get
    /// about three times the frames of one stream on another; streams of other kinds keep their pace.
    func testTheRateIsSpreadOverStreamsOfAllConnections() async throws {
        var options = testOptions()
        options.firehose = 2_000
        let (exchange, port) = try await startExchange(options)
        defer { Task { await exchange.stop() } }
        let one = try await TestWebSocket.connect(port: port, path: "/ws/btcusdt@kline_1m")
        let three = try await TestWebSocket.connect(
            port: port, path: "/stream?streams=ethusdt@kline_1m/bnbusdt@kline_5m/xrpusdt@trade/xrpusdt@miniTicker")
        try await three.waitFor("3000 frames", timeout: 30) { $0.count >= 3_000 }
        let counts = (one.texts.count, three.texts.filter { !$0.contains("@miniTicker") }.count)
        let tickers = three.texts.filter { $0.contains("@miniTicker") }.count
        await one.close()
        await three.close()
        XCTAssertEqual(one.texts.filter { KlineFrame(jsonObject($0) ?? [:]) == nil }.count, 0, "only klines for a kline-only client")
        XCTAssertGreaterThan(counts.1, counts.0 * 2, "three streams get more than twice one stream's \(counts.0)")
        XCTAssertLessThan(counts.1, counts.0 * 4, "and less than four times")
        XCTAssertGreaterThanOrEqual(tickers, 1, "the mini ticker still comes")
        XCTAssertLessThan(tickers * 100, counts.1, "at its own pace, not the firehose's")
    }
}
