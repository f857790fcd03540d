import XCTest
import MarketModel
@testable import TUI

/// The price axis a trader reads: round labels (1, 2 or 5 × 10^k apart), four to eight of them
/// when the rows allow, each with a light grid line; the same for the RSI and MACD panes.
final class PriceAxisTests: XCTestCase {
    struct AxisLabel { let row: Int; let value: Double }

    /// Renders the whole monitor on a TestScreen and reads the numbers on one pane's axis.
    func screen(_ width: Int, _ height: Int) -> (TestScreen, Layout, MonitorState) {
        let state = SampleState.make()
        let screen = TestScreen(width: width, height: height)
        screen.present(MonitorRenderer(theme: .dark).render(state, width: width, height: height))
        return (screen, Layout(width: width, height: height, subpaneCount: state.subpanes.count,
                               watchRows: state.watchlist.count), state)
    }

    func labels(_ buffer: Buffer, pane: Rect, axisWidth: Int, skipRows: Set<Int> = []) -> [AxisLabel] {
        let axisX = pane.maxX - 1 - axisWidth
        var out: [AxisLabel] = []
        for y in (pane.y + 1)..<(pane.maxY - 1) where !skipRows.contains(y) {
            let text = String(buffer.row(y).dropFirst(axisX).prefix(axisWidth)).trimmingCharacters(in: .whitespaces)
            if let v = Double(text.replacingOccurrences(of: ",", with: "")) { out.append(AxisLabel(row: y, value: v)) }
        }
        return out
    }

    func assertRoundAndEven(_ labels: [AxisLabel], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let values = labels.map(\.value).sorted()
        let steps = zip(values, values.dropFirst()).map { $1 - $0 }
        guard let step = steps.min() else { return }
        let exponent = floor(log10(step))
        let mantissa = (step / pow(10, exponent) * 1000).rounded() / 1000
        XCTAssertTrue([1, 2, 5, 10].contains(mantissa), "\(what): step \(step) is not 1, 2 or 5 × 10^k", file: file, line: line)
        for s in steps {
            let ratio = s / step
            XCTAssertEqual(ratio, ratio.rounded(), accuracy: 1e-6, "\(what): labels \(values) are not evenly spaced", file: file, line: line)
        }
        for v in values {
            XCTAssertEqual((v / step).rounded() * step, v, accuracy: step * 1e-6, "\(what): \(v) is not a multiple of \(step)",
                           file: file, line: line)
        }
    }

    func testChartAxisHasFourToEightRoundLabelsWithGridLines() throws {
        for (w, h) in [(80, 24), (200, 60)] {
            let (screen, layout, state) = screen(w, h)
            let buffer = try XCTUnwrap(screen.lastBuffer)
            let chart = try XCTUnwrap(state.chart)
            var scratch = Buffer(width: w, height: h)
            let frame = try XCTUnwrap(CandleChart(chart: chart, theme: .dark).render(into: &scratch, in: layout.chart))
            let found = labels(buffer, pane: layout.chart, axisWidth: frame.axisWidth,
                               skipRows: Set([frame.lastPriceRow].compactMap { $0 }))
            XCTAssertTrue((4...8).contains(found.count), "\(w)x\(h): \(found.map(\.value)) (plot \(frame.plot.height) rows)")
            assertRoundAndEven(found, "\(w)x\(h) chart")
            let grid = Theme.dark.style(.grid)
            for label in found {
                let cells = (frame.plot.x..<frame.plot.maxX).filter { buffer[$0, label.row].scalar == "┈" }
                XCTAssertGreaterThan(cells.count, frame.plot.width / 3, "\(w)x\(h): no grid line at \(label.value)")
                XCTAssertTrue(cells.contains { buffer[$0, label.row].style.fg == grid.fg }, "grid line in the theme's grid colour")
            }
        }
    }

    func testRSIKeepsThirtySeventyAndMACDGetsRoundLevelsAroundZero() throws {
        for (w, h) in [(80, 24), (200, 60)] {
            let (screen, layout, state) = screen(w, h)
            let buffer = try XCTUnwrap(screen.lastBuffer)
            let chart = try XCTUnwrap(state.chart)
            let axisWidth = CandleChart.axisWidth(for: chart)
            // 80x24 has no room for indicator panes; 200x60 shows both.
            if h >= 60 { XCTAssertEqual(layout.subpanes.count, state.subpanes.count) }
            for (pane, rect) in zip(state.subpanes, layout.subpanes) {
                // The pane's own current-value badge is not an axis label.
                let found = labels(buffer, pane: rect, axisWidth: axisWidth).filter {
                    buffer[rect.maxX - axisWidth, $0.row].style.bg == Theme.dark.color(.background)
                }
                switch pane {
                case .fixed:
                    let values = Set(found.map(\.value))
                    XCTAssertTrue(values.isSuperset(of: [30, 70]), "\(w)x\(h) RSI: \(values)")
                    if rect.height >= 10 {
                        XCTAssertGreaterThan(values.count, 2, "\(w)x\(h) RSI: round levels besides 30/70: \(values)")
                    }
                case .fitted:
                    XCTAssertTrue(found.contains { $0.value == 0 }, "\(w)x\(h) MACD: \(found.map(\.value))")
                    if rect.height >= 8 {
                        XCTAssertGreaterThanOrEqual(found.count, 3, "\(w)x\(h) MACD: \(found.map(\.value))")
                    }
                    assertRoundAndEven(found, "\(w)x\(h) MACD")
                }
            }
        }
    }

    func testAxisTicksStepsAndCounts() {
        // 100 rows, range 0...1: steps of 0.2 or 0.1 give 6 or 11 labels: 0.2 wins (≤ 8).
        XCTAssertEqual(PriceScale(low: 0, high: 1, rows: 100).axisTicks().count, 6)
        // Ten rows fit five labels a row apart: steps of 100 give three, 50 gives seven, cut to the middle five.
        let ten = PriceScale(low: 64_012, high: 64_388, rows: 10).axisTicks()
        XCTAssertEqual(ten, [64_100, 64_150, 64_200, 64_250, 64_300])
        // 9 rows, range 0...9: step 2 gives 0,2,4,6,8 (5 ≤ 5 that fit).
        XCTAssertEqual(PriceScale(low: 0, high: 9, rows: 9).axisTicks(), [0, 2, 4, 6, 8])
        // Range 0.5...19 on 40 rows: step 2 gives nine labels, step 5 three; eight of step 2 win.
        XCTAssertEqual(PriceScale(low: 0.5, high: 19, rows: 40).axisTicks(), [2, 4, 6, 8, 10, 12, 14, 16].map(Double.init))
        // A flat range still labels.
        XCTAssertFalse(PriceScale(low: 100, high: 100, rows: 20).axisTicks().isEmpty)
    }
}
