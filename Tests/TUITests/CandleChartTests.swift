import XCTest
import MarketModel
@testable import TUI

final class CandleChartTests: XCTestCase {
    let rect = Rect(x: 0, y: 0, width: 60, height: 20)
    let glyphs: Set<Unicode.Scalar> = ["┃", "╻", "╹", "│", "╽", "╿", "╷", "╵"]

    func render(_ chart: ChartView, theme: Theme = .dark) -> (Buffer, CandleChart.Frame) {
        var b = Buffer(width: rect.width, height: rect.height)
        let frame = CandleChart(chart: chart, theme: theme).render(into: &b, in: rect)
        return (b, frame!)
    }

    func chart(_ candles: [Candle] = Fixtures.tenCandles(), zoom: Int = 10, scroll: Int = 0) -> ChartView {
        ChartView(symbol: "BTCUSDT", interval: .m1, candles: candles, priceDecimals: 2, zoom: zoom, scrollOffset: scroll)
    }

    func testTitle() {
        let (b, _) = render(chart())
        XCTAssertTrue(b.row(0).hasPrefix("╭─ BTCUSDT · 1m "), b.row(0))
    }

    func testHighestHighTouchesTopRowAndLowestLowTouchesBottomRow() {
        let (b, f) = render(chart())
        let g = f.geometry
        let x3 = g.x(of: 3), x7 = g.x(of: 7)
        // Candle 3's wick reaches into the top half of the plot's first row.
        XCTAssertTrue(["╵", "│", "╿", "┃", "╹", "╽"].contains(b[x3, f.plot.y].scalar), "got \(b[x3, f.plot.y].scalar)")
        // Candle 7's wick reaches into the bottom half of the plot's last row.
        XCTAssertTrue(["╷", "│", "╽", "┃", "╻", "╿"].contains(b[x7, f.plot.maxY - 1].scalar), "got \(b[x7, f.plot.maxY - 1].scalar)")
        // Nothing else reaches the top row.
        let topRowCandles = b.positions(of: glyphs, in: Rect(x: f.plot.x, y: f.plot.y, width: f.plot.width, height: 1))
        XCTAssertEqual(topRowCandles.map(\.x), [x3])
    }

    func testColourFollowsDirection() {
        let (b, f) = render(chart())
        let g = f.geometry
        // Candle 3 rises (bull), candle 7 falls (bear).
        let bull = Theme.dark.color(.bull), bear = Theme.dark.color(.bear)
        for (index, colour) in [(3, bull), (7, bear)] {
            let cells = b.positions(of: glyphs, in: Rect(x: g.x(of: index), y: f.plot.y, width: 1, height: f.plot.height))
            XCTAssertFalse(cells.isEmpty)
            for c in cells { XCTAssertEqual(b[c.x, c.y].style.fg, colour) }
        }
    }

    func testBodyIsThickAndWickThin() {
        // One candle filling the range: wick 100...120, body 105...115.
        let c = [Fixtures.candle(0, open: 105, high: 120, low: 100, close: 115)]
        let (b, f) = render(chart(c, zoom: 1))
        let x = f.geometry.x(of: 0)
        let column = (f.plot.y..<f.plot.maxY).map { b[x, $0].scalar }
        XCTAssertEqual(column.first, "│")
        XCTAssertEqual(column.last, "│")
        XCTAssertTrue(column.contains("┃"))
        XCTAssertEqual(CandleChart.glyph(upper: .wick, lower: .body), "╽")
        XCTAssertEqual(CandleChart.glyph(upper: .body, lower: .wick), "╿")
        XCTAssertEqual(CandleChart.glyph(upper: .none, lower: .body), "╻")
        XCTAssertEqual(CandleChart.glyph(upper: .body, lower: .none), "╹")
        XCTAssertNil(CandleChart.glyph(upper: .none, lower: .none))
    }

    func testLastPriceLabelOnTheAxisRowOfTheLastClose() {
        let (b, f) = render(chart())
        let row = try! XCTUnwrap(f.lastPriceRow)
        let axisText = String(b.row(row).dropFirst(f.axisX).prefix(f.axisWidth))
        XCTAssertTrue(axisText.contains("101.00"), axisText)
        XCTAssertEqual(b[f.axisX + 1, row].style.bg, Theme.dark.color(.bull), "last candle rose: bull badge")
        // The row is where the close maps: between the top (120) and the bottom (80).
        let expected = f.plot.y + PriceScale(low: 80, high: 120, rows: f.plot.height).row(101)
        XCTAssertEqual(row, expected)
    }

    func testPriceLabelsUseTheSymbolsDecimals() {
        let (b, f) = render(chart())
        let labels = (f.plot.y..<f.plot.maxY).map { String(b.row($0).dropFirst(f.axisX + 1)).trimmingCharacters(in: " │") }
            .filter { !$0.isEmpty }
        XCTAssertGreaterThanOrEqual(labels.count, 2)
        for l in labels { XCTAssertTrue(l.hasSuffix(".00") || l.hasSuffix(".50") || l.contains("."), l) }
    }

    func testZoomAndScrollChooseTheVisibleBars() {
        let g = ChartGeometry(candleCount: 500, zoom: 100, scrollOffset: 0, plotX: 0, plotWidth: 50)
        XCTAssertEqual(g.indices, 450..<500, "more bars than columns: one bar per column")
        XCTAssertEqual(g.x(of: 499), 49)
        let zoomed = ChartGeometry(candleCount: 500, zoom: 10, scrollOffset: 0, plotX: 0, plotWidth: 50)
        XCTAssertEqual(zoomed.step, 5)
        XCTAssertEqual(zoomed.count, 10)
        let back = ChartGeometry(candleCount: 500, zoom: 100, scrollOffset: 40, plotX: 0, plotWidth: 50)
        XCTAssertEqual(back.indices, 410..<460)
        let tooFar = ChartGeometry(candleCount: 5, zoom: 100, scrollOffset: 40, plotX: 0, plotWidth: 50)
        XCTAssertEqual(tooFar.indices, 0..<1)
    }

    func testBackfilledBarsAndGapsAreMarked() {
        var candles = Fixtures.tenCandles()
        // Remove candle 5: a hole between 4 and 6.
        candles.remove(at: 5)
        var view = chart(candles, zoom: 9)
        view.backfilledOpenTimes = [candles[0].openTime, candles[1].openTime]
        let (b, f) = render(view)
        let timeRow = f.timeAxisRow
        XCTAssertEqual(b[f.geometry.x(of: 5), timeRow].scalar, "×", "the bar after the hole")
        let backfilledCells = b.positions(of: glyphs, in: Rect(x: f.geometry.x(of: 0), y: f.plot.y, width: 1, height: f.plot.height))
        XCTAssertFalse(backfilledCells.isEmpty)
        for c in backfilledCells { XCTAssertTrue(b[c.x, c.y].style.attrs.contains(.dim)) }
    }

    func testOverlaysDrawBrailleBehindCandles() {
        var view = chart()
        view.overlays = [OverlayLine(name: "SMA", values: Array(repeating: 110, count: 10), styleKey: "overlay2")]
        let (b, f) = render(view)
        let braille = (f.plot.y..<f.plot.maxY).flatMap { y in (f.plot.x..<f.plot.maxX).filter { (0x2801...0x28FF).contains(b[$0, y].scalar.value) }.map { ($0, y) } }
        XCTAssertFalse(braille.isEmpty)
        for (x, y) in braille { XCTAssertEqual(b[x, y].style.fg, Theme.dark.color(.overlay2)) }
        XCTAssertTrue(b.row(rect.maxY - 1).contains("SMA"), "legend in the bottom border")
    }

    func testVolumeBarsAndTimeAxis() {
        let (b, f) = render(chart())
        XCTAssertGreaterThan(f.volume.height, 0)
        let blocks: Set<Unicode.Scalar> = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        XCTAssertFalse(b.positions(of: blocks, in: f.volume).isEmpty)
        XCTAssertTrue(b.row(f.timeAxisRow).contains(":"), "HH:MM labels for a 1m chart")
        XCTAssertEqual(TimeAxis.label(for: 86_400_000 * 3 + 3_600_000 * 13 + 60_000 * 5, interval: .m5), "13:05")
        XCTAssertEqual(TimeAxis.label(for: 86_400_000 * 3, interval: .h1), "01-04", "midnight shows the date")
        XCTAssertEqual(TimeAxis.label(for: 86_400_000 * 40, interval: .d1), "02-10")
        XCTAssertEqual(TimeAxis.label(for: 86_400_000 * 40, interval: .mo1), "1970-02")
    }

    func testEmptyAndTinyCharts() {
        var b = Buffer(width: 40, height: 10)
        XCTAssertNil(CandleChart(chart: chart([]), theme: .dark).render(into: &b, in: b.bounds))
        XCTAssertTrue(b.textLines().joined().contains("waiting for candles"))
        var tiny = Buffer(width: 10, height: 4)
        XCTAssertNil(CandleChart(chart: chart(), theme: .dark).render(into: &tiny, in: tiny.bounds))
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
