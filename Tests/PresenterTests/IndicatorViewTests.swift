import Indicators
import MarketModel
import TUI
import XCTest
@testable import Presenter

/// The indicator table and the chart's panes, built from the catalog.
final class IndicatorViewTests: XCTestCase {
    private let macd = IndicatorSpec.macd(fast: 12, slow: 26, signal: 9)
    private let bands = IndicatorSpec.bbands(period: 20, up: 2, down: 2)
    private let rsi = IndicatorSpec.rsi(period: 14)

    /// An extract whose last close is 100 and whose current values are `values` by column.
    private func extract(_ values: [String: Double], series: [String: [Double]] = [:]) -> SeriesExtract {
        var data = SeriesExtract()
        data.candles = [Bars.bar("BTCUSDT", 0, close: 100)]
        data.current = values
        data.series = series
        return data
    }

    func testRowsAreLabelledWithTheCatalogsOutputNames() {
        let c = macd.columnNames
        let rows = IndicatorTableRows.rows(specs: [macd, rsi], data: extract([c[0]: 1.5, c[1]: -0.25, rsi.columnNames[0]: 25]),
                                           priceDecimals: 2)
        XCTAssertEqual(rows.map(\.name), macd.outputLabels + rsi.outputLabels)
        XCTAssertEqual(rows.map(\.name), ["macd(12,26,9) line", "macd(12,26,9) signal", "macd(12,26,9) hist", "rsi(14)"])
        XCTAssertEqual(rows.map(\.value), ["1.50", "-0.25", "warming up", "25.00"])
        XCTAssertEqual(rows.map(\.state), [.bullish, .bearish, .neutral, .bullish])
    }

    func testBandRowsReadTheCloseAgainstEachBand() {
        let c = bands.columnNames
        let inside = IndicatorTableRows.rows(specs: [bands], data: extract([c[0]: 110, c[1]: 99.5, c[2]: 90]), priceDecimals: 1)
        XCTAssertEqual(inside.map(\.value), ["110.0", "99.5", "90.0"], "prices at the symbol's precision")
        XCTAssertEqual(inside.map(\.state), [.neutral, .bullish, .neutral])
        let above = IndicatorTableRows.rows(specs: [bands], data: extract([c[0]: 99, c[1]: 95, c[2]: 91]), priceDecimals: 1)
        XCTAssertEqual(above.map(\.state), [.bearish, .bullish, .neutral])
        let below = IndicatorTableRows.rows(specs: [bands], data: extract([c[0]: 120, c[1]: 110, c[2]: 101]), priceDecimals: 1)
        XCTAssertEqual(below.map(\.state), [.neutral, .bearish, .bullish])
    }

    func testVolumeIsAbbreviated() {
        let rows = IndicatorTableRows.rows(specs: [.obv], data: extract(["obv": -2_346_000]), priceDecimals: 2)
        XCTAssertEqual(rows.map(\.value), ["-2.35M"])
    }

    func testPanesFollowTheCatalogsDrawing() {
        let line = [1.0, 2], signal = [0.5, 1.5], hist = [0.5, 0.5], strength = [40.0, 45], average = [99.0, 100]
        let m = macd.columnNames, r = rsi.columnNames[0], s = IndicatorSpec.sma(period: 20)
        let data = extract([:], series: [m[0]: line, m[1]: signal, m[2]: hist, r: strength, s.columnNames[0]: average])
        let panes = ChartPanes(specs: [macd, .stoch(fastK: 14, slowK: 3, slowD: 3), rsi, s, .rsi(period: 7)], data: data)
        XCTAssertEqual(panes.subpanes, [
            .fitted(name: "MACD(12,26,9)", lines: [line, signal], histogram: hist),
            .fixed(name: "RSI(14)", lines: [strength], low: 0, high: 100, guides: [30, 70]),
        ], "one pane per indicator drawn in a pane; the stochastic is in the table only")
        XCTAssertEqual(panes.overlays.map(\.name), ["sma(20)"])
        XCTAssertEqual(panes.overlays.first?.values, average)
        XCTAssertNil(panes.bands)
    }
}
