import Foundation
import XCTest

/// `D` and `T` in the real monitor on the demo exchange: a ladder from the simulator's synced
/// book (best bid below best ask, levels moving) and a tape of its trades.
final class FlowEndToEndTests: XCTestCase {
    /// The rows inside the box whose top border carries `title`, as text without the borders.
    static func pane(_ title: String, in screen: TmuxDriver.Screen) -> [String]? {
        guard let top = screen.lines.firstIndex(where: { $0.contains("╭─ " + title) }),
              let start = screen.lines[top].range(of: "╭─ " + title) else { return nil }
        let column = screen.lines[top].distance(from: screen.lines[top].startIndex, to: start.lowerBound)
        var rows: [String] = []
        for line in screen.lines[(top + 1)...] {
            let chars = Array(line)
            guard column < chars.count, chars[column] == "│" else { break }
            let inner = chars[(column + 1)...].prefix { $0 != "│" }
            rows.append(String(inner))
        }
        return rows
    }

    /// The ladder's prices, top to bottom, and which row is the best ask (the last of the upper half).
    static func ladder(_ screen: TmuxDriver.Screen) -> (prices: [Double], bestAsk: Double, bestBid: Double)? {
        guard let rows = pane("Depth BTCUSDT", in: screen), rows.count >= 4 else { return nil }
        let prices = rows.map { row in Double(row.prefix { $0.isNumber || $0 == "." }) }
        let half = rows.count / 2
        guard let ask = prices[half - 1], let bid = prices[half] else { return nil }
        return (prices.compactMap { $0 }, ask, bid)
    }

    func testDepthLadderAndTradesTape() throws {
        let t = try TmuxDriver(width: 160, height: 48, config: EndToEndTests.quietAlerts)
        defer { t.shutdown() }
        try t.startThebot(["--demo", "--speed", "10"])
        _ = try t.waitFor("the demo monitor's first frame with prices") { s in
            s.contains("BTCUSDT · 1m") && s.watchlistLast("BTCUSDT") != nil
        }
        try t.press("D")
        // Two captures in a row that agree: a capture taken while the terminal is half way
        // through painting a frame would mix two books.
        let first = try t.waitFor("a depth ladder with levels, the same in two captures", timeout: 30) { s in
            guard Self.ladder(s) != nil, let again = try? t.capture() else { return false }
            return Self.pane("Depth BTCUSDT", in: again) == Self.pane("Depth BTCUSDT", in: s)
        }
        let before = try XCTUnwrap(Self.ladder(first))
        XCTAssertLessThan(before.bestBid, before.bestAsk, "best bid below best ask:\(first)")
        XCTAssertEqual(before.prices, before.prices.sorted(by: >), "prices fall from the top ask to the bottom bid:\(first)")
        XCTAssertTrue(first.contains("spread "), "spread in the ladder's border:\(first)")
        let rowsBefore = try XCTUnwrap(Self.pane("Depth BTCUSDT", in: first))
        _ = try t.waitFor("the ladder's levels to change", timeout: 30) { s in
            Self.pane("Depth BTCUSDT", in: s).map { $0 != rowsBefore && Self.ladder(s) != nil } ?? false
        }

        try t.press("T")
        let tape = try t.waitFor("trades on the tape", timeout: 60) { s in
            (Self.pane("Trades BTCUSDT", in: s) ?? []).contains { row in
                row.range(of: #"^\d\d:\d\d:\d\d \d+\.\d+ \d"#, options: .regularExpression) != nil
            }
        }
        XCTAssertNotNil(Self.ladder(tape), "the ladder stays with the tape open:\(tape)")
        try t.press("q")
        XCTAssertEqual(try t.waitForExit(), 0)
    }
}
