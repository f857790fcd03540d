import XCTest
@testable import TUI

final class LayoutTests: XCTestCase {
    func assertSane(_ l: Layout, file: StaticString = #filePath, line: UInt = #line) {
        let screen = Rect(x: 0, y: 0, width: l.width, height: l.height)
        let panes = l.panes
        for p in panes {
            XCTAssertEqual(p.intersection(screen), p, "\(p) leaves the screen", file: file, line: line)
            XCTAssertFalse(p.isEmpty, file: file, line: line)
        }
        for i in panes.indices {
            for j in panes.indices where i < j {
                XCTAssertTrue(panes[i].intersection(panes[j]).isEmpty, "\(panes[i]) overlaps \(panes[j])", file: file, line: line)
            }
        }
        // Every cell of the body belongs to some pane: no dead stripes.
        let area = panes.map { $0.width * $0.height }.reduce(0, +)
        XCTAssertEqual(area, l.width * l.height, file: file, line: line)
    }

    func test80x24KeepsWatchlistChartAndStatus() {
        let l = Layout(width: 80, height: 24, subpaneCount: 2, watchRows: 8)
        XCTAssertFalse(l.isTooSmall)
        assertSane(l)
        XCTAssertNil(l.signals)
        XCTAssertNil(l.indicators)
        XCTAssertTrue(l.subpanes.isEmpty, "no room for subpanes at 24 rows")
        XCTAssertEqual(l.statusBar, Rect(x: 0, y: 0, width: 80, height: 1))
        XCTAssertEqual(l.footer, Rect(x: 0, y: 23, width: 80, height: 1))
        XCTAssertGreaterThanOrEqual(l.chart.width, 48)
        XCTAssertEqual(l.chart.height, 22)
    }

    func test160x48HasEveryPane() {
        let l = Layout(width: 160, height: 48, subpaneCount: 2, watchRows: 8)
        assertSane(l)
        XCTAssertNotNil(l.signals)
        XCTAssertNotNil(l.indicators)
        XCTAssertEqual(l.subpanes.count, 2)
        XCTAssertGreaterThanOrEqual(l.chart.height, 16)
        XCTAssertEqual(l.watchlist.height, 11)
        XCTAssertEqual(l.subpanes[0].x, l.chart.x)
        XCTAssertEqual(l.subpanes[0].width, l.chart.width)
    }

    func test200x60() {
        let l = Layout(width: 200, height: 60, subpaneCount: 2, watchRows: 8)
        assertSane(l)
        XCTAssertEqual(l.subpanes.count, 2)
        XCTAssertGreaterThanOrEqual(l.chart.width, 90)
        XCTAssertGreaterThanOrEqual(l.chart.height, 30)
    }

    func testTooSmall() {
        XCTAssertTrue(Layout(width: 79, height: 24).isTooSmall)
        XCTAssertTrue(Layout(width: 80, height: 23).isTooSmall)
        XCTAssertFalse(Layout(width: 80, height: 24).isTooSmall)
    }

    func testFullFramesAtEachSize() {
        var state = SampleState.make()
        state.toasts = [] // a toast may sit on a pane title
        for (w, h) in [(80, 24), (120, 40), (160, 48), (200, 60)] {
            let b = Fixtures.render(state, w, h)
            let text = b.text
            XCTAssertTrue(text.contains("BTCUSDT · 1m"), "\(w)x\(h)")
            XCTAssertTrue(text.contains("Watchlist"), "\(w)x\(h)")
            XCTAssertTrue(b.row(0).contains("DEMO"), "\(w)x\(h)")
            XCTAssertTrue(b.row(0).contains("UTC"), "\(w)x\(h)")
            if w >= 160 {
                XCTAssertTrue(text.contains("Signals"))
                XCTAssertTrue(text.contains("RSI(14)"))
                XCTAssertTrue(text.contains("MACD(12,26,9)"))
            }
        }
    }

    func testASCIIFrameHasOnlyASCII() {
        let b = MonitorRenderer(theme: .dark, ascii: true).render(SampleState.make(), width: 160, height: 48)
        for cell in b.cells { XCTAssertLessThan(cell.scalar.value, 0x80) }
    }
}
