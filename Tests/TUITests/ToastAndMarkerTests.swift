import XCTest
import MarketModel
@testable import TUI

/// Toasts inform without hiding the chart: one line each over the chart's oldest bars, as many
/// as the screen allows, the rest in "+N more". Signal markers sit on their bars.
final class ToastAndMarkerTests: XCTestCase {
    func burst(_ count: Int, at now: Int64) -> [Toast] {
        (0..<count).map { i in
            Toast(id: i, text: "BTCUSDT 1m \(i % 2 == 0 ? "bullish" : "bearish") · rule\(i): RSI(14) fell below 30 (28.4) and a long reason",
                  direction: i % 2 == 0 ? .up : .down, createdAtMs: now - Int64(10 * (count - i)))
        }
    }

    func testToastsAreOneLineEachNewestFirstAndTheRestCoalesced() {
        var b = Buffer(width: 60, height: 6)
        Toasts(toasts: burst(5, at: 1_000), nowMs: 1_000, theme: .dark).render(into: &b, in: Rect(x: 2, y: 1, width: 40, height: 3))
        XCTAssertTrue(b.row(1).contains("▲ BTCUSDT 1m bullish · rule4"), b.row(1))
        XCTAssertTrue(b.row(2).contains("▼ BTCUSDT 1m bearish · rule3"), b.row(2))
        XCTAssertTrue(b.row(3).contains("+3 more"), b.row(3))
        XCTAssertEqual(b.row(4).trimmingCharacters(in: .whitespaces), "", "nothing below the area")
        let arrow = b.row(1).distance(of: "▲")!
        XCTAssertEqual(b[arrow, 1].style.fg, Theme.dark.color(.bull))
        XCTAssertEqual(b[b.row(2).distance(of: "▼")!, 2].style.fg, Theme.dark.color(.bear))

        // Exactly as many as fit: no "+N more" line.
        var c = Buffer(width: 60, height: 6)
        Toasts(toasts: burst(3, at: 1_000), nowMs: 1_000, theme: .dark).render(into: &c, in: Rect(x: 2, y: 1, width: 40, height: 3))
        XCTAssertFalse(c.textLines().joined().contains("more"))
        XCTAssertTrue(c.row(3).contains("rule0"))
    }

    func testABurstOfTenKeepsTheLastPriceAndTheNewestCandlesInSight() throws {
        for (w, h, shown) in [(80, 24, 1), (200, 60, 3)] {
            var state = SampleState.make()
            let calm = MonitorRenderer(theme: .dark).render(state, width: w, height: h)
            state.toasts = burst(10, at: state.nowMs)
            let screen = TestScreen(width: w, height: h)
            screen.present(MonitorRenderer(theme: .dark).render(state, width: w, height: h))
            let b = try XCTUnwrap(screen.lastBuffer)
            let text = screen.text
            let lines = screen.lines.filter { $0.contains("BTCUSDT 1m b") }
            XCTAssertEqual(lines.count, shown, "\(w)x\(h): \(shown) toast line(s)\n\(text)")
            XCTAssertTrue(lines.first?.contains("rule9") == true, "newest first")
            XCTAssertTrue(text.contains("+\(10 - shown) more"), "\(w)x\(h)\n\(text)")

            let layout = Layout(width: w, height: h, subpaneCount: state.subpanes.count, watchRows: state.watchlist.count)
            var scratch = Buffer(width: w, height: h)
            let chart = try XCTUnwrap(state.chart)
            let frame = try XCTUnwrap(CandleChart(chart: chart, theme: .dark).render(into: &scratch, in: layout.chart))
            // The last price badge, whole.
            let row = try XCTUnwrap(frame.lastPriceRow)
            let price = Formatting.price(try XCTUnwrap(chart.candles.last).close, decimals: chart.priceDecimals, grouped: false)
            XCTAssertTrue(b.row(row).contains(price), "\(w)x\(h): last price \(price) hidden:\n\(text)")
            // The newest ten bars' columns, top to bottom, as without the toasts.
            for i in (frame.geometry.end - 10)..<frame.geometry.end {
                let x = frame.geometry.x(of: i)
                for y in frame.plot.y..<frame.plot.maxY {
                    XCTAssertEqual(b[x, y], calm[x, y], "\(w)x\(h): bar \(i) covered at row \(y) x \(x) toasts \(layout.toastArea)\n\(text)")
                }
            }
        }
    }

    func testMarkersSitOnTheirBarsAndTheNewestReasonIsInTheFooter() throws {
        var chart = ChartView(symbol: "BTCUSDT", interval: .m1, candles: Fixtures.tenCandles(), priceDecimals: 2, zoom: 10)
        chart.markers = [
            ChartMarker(openTime: chart.candles[2].openTime, direction: .up, text: "rsi: RSI(14) rose above 30 (31.2)"),
            ChartMarker(openTime: chart.candles[6].openTime, direction: .down, text: "ema-cross: EMA(12) crossed below EMA(26)"),
        ]
        let rect = Rect(x: 0, y: 0, width: 80, height: 20)
        var b = Buffer(width: 80, height: 20)
        let frame = try XCTUnwrap(CandleChart(chart: chart, theme: .dark).render(into: &b, in: rect))
        let plot = frame.plot
        let up = b.positions(of: ["▲"], in: plot), down = b.positions(of: ["▼"], in: plot)
        XCTAssertEqual(up.map(\.x), [frame.geometry.x(of: 2)])
        XCTAssertEqual(down.map(\.x), [frame.geometry.x(of: 6)])
        XCTAssertEqual(b[up[0].x, up[0].y].style.fg, Theme.dark.color(.bull))
        XCTAssertEqual(b[down[0].x, down[0].y].style.fg, Theme.dark.color(.bear))
        let scale = PriceScale(low: 80, high: 120, rows: plot.height)
        XCTAssertGreaterThan(up[0].y, plot.y + scale.row(chart.candles[2].low.doubleValue) - 1, "▲ under the bar")
        XCTAssertLessThan(down[0].y, plot.y + scale.row(chart.candles[6].high.doubleValue) + 1, "▼ over the bar")
        let footer = b.row(rect.maxY - 1)
        XCTAssertTrue(footer.contains("▼ ema-cross: EMA(12) crossed below EMA(26)"), footer)

        // Scrolled back past the newest marker, the one in view is the selected one.
        chart.scrollOffset = 4
        var c = Buffer(width: 80, height: 20)
        CandleChart(chart: chart, theme: .dark).render(into: &c, in: rect)
        XCTAssertTrue(c.row(rect.maxY - 1).contains("▲ rsi: RSI(14) rose above 30"), c.row(rect.maxY - 1))
    }
}
