import Indicators
import MarketModel
import Presenter
import TUI
import XCTest

/// The two prompts beyond their happy path: editing, cancelling, and entries they refuse.
final class PickerTests: XCTestCase {
    func testIndicatorPickerEditsAndCancels() {
        let m = MonitorDriver(specs: ["ema(20)"])
        m.feedClosed("BTCUSDT", closes: [100, 101])
        let rowsBefore = m.state.indicatorRows.map(\.name)
        m.press(.char("i"))
        XCTAssertEqual(m.state.picker?.candidates, ["ema(20)"], "the picker lists what is shown, to remove")
        m.type("rsi(77")
        m.press(.backspace)
        m.press(.backspace)
        m.type("7)")
        XCTAssertEqual(m.state.picker?.input, "rsi(7)")
        m.press(.escape)
        XCTAssertNil(m.state.picker)
        XCTAssertEqual(m.state.indicatorRows.map(\.name), rowsBefore, "esc changes nothing")

        m.press(.char("i"))
        m.press(.enter)
        XCTAssertNil(m.state.picker, "an empty entry closes the picker")
        XCTAssertEqual(m.state.indicatorRows.map(\.name), rowsBefore)
    }

    func testIndicatorPickerRefusesAnUnknownSpecWithItsSentence() {
        let m = MonitorDriver(specs: ["ema(20)"])
        let rowsBefore = m.state.indicatorRows.map(\.name)
        var expected = ""
        do { _ = try IndicatorSpec(parsing: "ema(0)") } catch { expected = error.description }
        XCTAssertFalse(expected.isEmpty)

        m.press(.char("i"))
        m.type("ema(0)")
        m.press(.enter)
        XCTAssertEqual(m.state.message, expected)
        XCTAssertEqual(m.state.indicatorRows.map(\.name), rowsBefore)
    }

    func testAddedIndicatorIsComputedOverTheBarsAlreadyKept() throws {
        let m = MonitorDriver(specs: [])
        m.feedClosed("BTCUSDT", closes: [10, 20, 30])
        m.feed(.candle(Bars.bar("BTCUSDT", 3, close: 40, closed: false), backfilled: false))
        m.press(.char("i"))
        m.type("sma(2)")
        m.press(.enter)
        let overlay = try XCTUnwrap(m.state.chart?.overlays.first)
        // One value per candle, the forming one previewed: nan, 15, 25, then (30 + 40) / 2.
        XCTAssertTrue(overlay.values[0].isNaN)
        XCTAssertEqual(Array(overlay.values.dropFirst()), [15, 25, 35])
    }

    func testSymbolPickerRefusesWhatCannotBeWatched() {
        let m = MonitorDriver(symbols: ["BTCUSDT", "ETHUSDT"])
        m.presenter.setExchangeSymbols(["BTCUSDT", "ETHUSDT", "SOLUSDT"], decimals: [:])

        m.press(.char("a"))
        m.type("dogeusdt")
        XCTAssertEqual(m.state.picker?.candidates, [])
        XCTAssertEqual(m.press(.enter), [])
        XCTAssertEqual(m.state.message, "DOGEUSDT is not listed on this exchange.")

        m.press(.char("a"))
        m.type("sol-usdt")
        XCTAssertEqual(m.press(.enter), [])
        XCTAssertEqual(m.state.message, "\"SOL-USDT\" is not a symbol: use letters and digits, like BTCUSDT.")
        XCTAssertEqual(m.state.watchlist.map(\.symbol), ["BTCUSDT", "ETHUSDT"])
    }

    func testSymbolPickerSelectsASymbolAlreadyWatched() {
        let m = MonitorDriver(symbols: ["BTCUSDT", "ETHUSDT"])
        m.presenter.setExchangeSymbols(["BTCUSDT", "ETHUSDT"], decimals: [:])
        m.press(.char("a"))
        m.type("eth")
        XCTAssertEqual(m.press(.enter), [], "already watched: no second subscription")
        XCTAssertEqual(m.state.watchlist.map(\.symbol), ["BTCUSDT", "ETHUSDT"])
        XCTAssertEqual(m.state.chart?.symbol, "ETHUSDT")
    }

    func testSymbolPickerWithoutTheExchangeListTakesTheTypedSymbol() {
        let m = MonitorDriver(symbols: ["BTCUSDT"])
        m.press(.char("a"))
        XCTAssertEqual(m.state.picker?.hint, "symbol list not loaded yet")
        m.type("xrpusdt")
        XCTAssertEqual(m.press(.enter), [.watch([Symbol("XRPUSDT")!], .m1)])
        XCTAssertEqual(m.state.watchlist.map(\.symbol), ["BTCUSDT", "XRPUSDT"])
    }

    func testSymbolPickerSelectionStaysOnTheCandidates() {
        let m = MonitorDriver(symbols: ["BTCUSDT"])
        m.presenter.setExchangeSymbols(["ETHBTC", "ETHUSDT"], decimals: [:])
        m.press(.char("a"))
        m.type("eth")
        for _ in 0..<5 { m.press(.down) }
        XCTAssertEqual(m.state.picker?.selected, 1, "two candidates")
        for _ in 0..<5 { m.press(.up) }
        XCTAssertEqual(m.state.picker?.selected, 0)
        m.press(.backspace)
        XCTAssertEqual(m.state.picker?.input, "ET")
        m.press(.escape)
        XCTAssertNil(m.state.picker)
        XCTAssertEqual(m.state.watchlist.map(\.symbol), ["BTCUSDT"])
    }

    func testAModalOrHelpTakesEscBeforeTheNormalKeys() {
        let m = MonitorDriver()
        m.presenter.show(modal: ModalView(title: "Strong signal", lines: ["BTCUSDT"]))
        m.press(.enter)
        XCTAssertNil(m.state.modal, "enter acknowledges the modal")
        m.press(.char("?"))
        m.press(.enter)
        XCTAssertFalse(m.state.showHelp)
    }
}
