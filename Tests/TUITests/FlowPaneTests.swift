import XCTest
import MarketModel
@testable import TUI

/// The depth ladder and the trades tape on a TestScreen: where they go, and what they show.
final class FlowPaneTests: XCTestCase {
    func ladder() -> LadderView {
        LadderView(symbol: "BTCUSDT",
                   asks: [.init(side: .ask, price: "64000.10", size: 1, cumulative: 1, lastTrade: true),
                          .init(side: .ask, price: "64000.20", size: 4, cumulative: 5)],
                   bids: [.init(side: .bid, price: "64000.00", size: 2, cumulative: 2),
                          .init(side: .bid, price: "63999.90", size: 8, cumulative: 10)],
                   spread: "0.10", imbalance: 0.5, grouping: "tick")
    }

    func tape() -> TapeView {
        TapeView(symbol: "BTCUSDT", rows: [
            .init(time: "12:00:03", price: "64000.10", size: "0.5", buy: true, large: true),
            .init(time: "12:00:02", price: "64000.00", size: "0.01", buy: false, count: 3),
        ], threshold: "large ≥ 0.4")
    }

    func render(_ w: Int, _ h: Int, ladder: LadderView?, tape: TapeView?) -> (TestScreen, MonitorState) {
        var state = SampleState.make()
        state.ladder = ladder
        state.tape = tape
        let screen = TestScreen(width: w, height: h)
        screen.present(MonitorRenderer(theme: .dark).render(state, width: w, height: h))
        return (screen, state)
    }

    func testLadderAndTapeAt80x24And200x60KeepTheChart() throws {
        for (w, h) in [(80, 24), (200, 60)] {
            let (screen, state) = render(w, h, ladder: ladder(), tape: tape())
            let b = try XCTUnwrap(screen.lastBuffer)
            let text = screen.text
            XCTAssertTrue(text.contains("Depth BTCUSDT"), "\(w)x\(h)\n\(text)")
            XCTAssertTrue(text.contains("Trades BTCUSDT"), "\(w)x\(h)\n\(text)")
            // Asks above bids, best prices meeting in the middle.
            let top = try XCTUnwrap(screen.lines.firstIndex { $0.contains("Depth BTCUSDT") })
            let rows = ["64000.20", "64000.10", "64000.00", "63999.90"].map { p in
                screen.lines.indices.first { $0 > top && screen.lines[$0].contains(p) }
            }
            let found = rows.compactMap { $0 }
            XCTAssertEqual(found.count, 4, "\(w)x\(h)\n\(text)")
            XCTAssertEqual(found, found.sorted(), "asks above bids, best in the middle")
            XCTAssertTrue(screen.lines[found[1]].contains("◀"), "the last trade's level is marked")
            XCTAssertTrue(text.contains("spread 0.10"))
            XCTAssertTrue(text.contains("imb +50%"))
            // The tape: newest first, the large one highlighted, the collapsed one counted.
            let newest = try XCTUnwrap(screen.lines.firstIndex { $0.contains("12:00:03") })
            let older = try XCTUnwrap(screen.lines.firstIndex { $0.contains("12:00:02") })
            XCTAssertLessThan(newest, older)
            XCTAssertTrue(screen.lines[older].contains("×3"))
            let x = try XCTUnwrap(screen.lines[newest].distance(of: "64000.10"))
            XCTAssertEqual(b[x, newest].style.bg, Theme.dark.color(.bull), "a large buy is a bull badge")
            // The chart keeps its room: its title and its last price are still there.
            XCTAssertTrue(text.contains("BTCUSDT · 1m"))
            let close = Formatting.price(try XCTUnwrap(state.chart?.candles.last).close, decimals: 2, grouped: false)
            XCTAssertTrue(text.contains(close), "\(w)x\(h): last price \(close)")
        }
        // At 200x60 the ladder takes the signal pane's place and has room for size bars, the
        // largest level's the longest.
        let (wide, _) = render(200, 60, ladder: ladder(), tape: nil)
        func bar(_ price: String) -> Int {
            let line = wide.lines.first { $0.contains(price + " ") } ?? ""
            return line.filter { $0 == "▇" }.count
        }
        XCTAssertFalse(wide.text.contains("Signals"), "the ladder is in place of the signal pane")
        XCTAssertGreaterThan(bar("63999.90"), bar("64000.20"))
        XCTAssertGreaterThan(bar("64000.20"), bar("64000.00"))
        XCTAssertGreaterThan(bar("64000.00"), bar("64000.10"))
    }

    func testAResyncingBookShowsNoLevels() {
        var resyncing = ladder()
        resyncing.asks = []
        resyncing.bids = []
        resyncing.resyncing = true
        let (screen, _) = render(160, 48, ladder: resyncing, tape: nil)
        XCTAssertTrue(screen.text.contains("order book resyncing"))
        XCTAssertFalse(screen.text.contains("spread"))
    }
}
