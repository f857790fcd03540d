import Indicators
import MarketData
import MarketModel
import Presenter
import TUI
import XCTest

/// One test per row of the README's key table (`thebot` — the monitor): each presses the
/// documented keys through the default key map and checks what the key does to the state the
/// screen draws or to the commands the feed side receives. The theme key (`t`) is the UI loop's:
/// MonitorLoopTests checks its frames.
final class KeyEffectTests: XCTestCase {
    // `q`, Ctrl-C
    func testQuitKeysEmitQuit() {
        let m = MonitorDriver()
        XCTAssertEqual(m.press(.char("q")), [.quit])
        XCTAssertEqual(m.press(.ctrl("c")), [.quit])

        // In a picker `q` is text, and Ctrl-C still quits.
        m.press(.char("a"))
        XCTAssertEqual(m.press(.char("q")), [])
        XCTAssertEqual(m.state.picker?.input, "Q")
        XCTAssertEqual(m.press(.ctrl("c")), [.quit])
    }

    // up/down, `k`/`j`
    func testSelectKeysMoveTheSelectionAndTheChart() {
        let m = MonitorDriver(symbols: ["BTCUSDT", "ETHUSDT", "SOLUSDT"])
        m.feedClosed("BTCUSDT", closes: [100, 101])
        m.feedClosed("ETHUSDT", closes: [200, 201])
        m.feedClosed("SOLUSDT", closes: [300, 301])

        func assertShows(_ symbol: String, lastClose: Int, line: UInt = #line) {
            let s = m.state
            XCTAssertEqual(s.watchlist[s.selectedIndex].symbol, symbol, line: line)
            XCTAssertEqual(s.chart?.symbol, symbol, line: line)
            XCTAssertEqual(s.chart?.candles.last?.closeInt, lastClose, line: line)
        }
        assertShows("BTCUSDT", lastClose: 101)
        m.press(.char("j")); assertShows("ETHUSDT", lastClose: 201)
        m.press(.down); assertShows("SOLUSDT", lastClose: 301)
        m.press(.char("j")); assertShows("BTCUSDT", lastClose: 101)  // wraps to the top
        m.press(.char("k")); assertShows("SOLUSDT", lastClose: 301)  // and to the bottom
        m.press(.up); assertShows("ETHUSDT", lastClose: 201)
    }

    // left/right, `h`/`l`
    func testScrollKeysMoveTheVisibleBars() throws {
        let m = MonitorDriver(symbols: ["BTCUSDT", "ETHUSDT"])
        m.feedClosed("BTCUSDT", closes: Array(1_000..<1_200))
        m.feedClosed("ETHUSDT", closes: Array(2_000..<2_200))
        let newest = try XCTUnwrap(m.state.chart?.candles.last)
        XCTAssertEqual(m.state.chart?.visible().last, newest)

        m.press(.char("h"))
        let back = try XCTUnwrap(m.state.chart?.visible())
        XCTAssertLessThan(back.last!.openTime, newest.openTime, "h shows older bars")
        // A quarter of the bars in view per press: the rest stay on screen for orientation.
        let step = m.state.chart!.zoom / 4
        XCTAssertEqual(back.last!.closeInt, newest.closeInt - step)
        m.press(.left)
        XCTAssertEqual(m.state.chart?.visible().last?.closeInt, newest.closeInt - 2 * step)

        m.press(.char("l"))
        XCTAssertEqual(m.state.chart?.visible().last?.closeInt, newest.closeInt - step)
        m.press(.right)
        XCTAssertEqual(m.state.chart?.visible().last, newest)
        m.press(.char("l"))
        XCTAssertEqual(m.state.chart?.visible().last, newest, "nothing lies right of the newest bar")
        m.press(.char("h"))
        XCTAssertEqual(m.state.chart?.visible().last?.closeInt, newest.closeInt - step, "and l past it is not kept")
        m.press(.char("l"))

        // Scrolling back stops while ten bars are still in view.
        for _ in 0..<50 { m.press(.char("h")) }
        let oldest = try XCTUnwrap(m.state.chart?.visible())
        XCTAssertEqual(oldest.last?.closeInt, 1_009)
        XCTAssertEqual(m.state.chart?.candles.first?.closeInt, oldest.first?.closeInt)

        // Another symbol starts at its newest bar.
        m.press(.char("j"))
        XCTAssertEqual(m.state.chart?.visible().last?.closeInt, 2_199)
    }

    // `+` / `-`
    func testZoomKeysChangeTheBarCountBetweenTwentyAndFiveHundred() throws {
        let m = MonitorDriver()
        let start = try XCTUnwrap(m.state.chart?.zoom)
        m.press(.char("+"))
        let zoomedIn = try XCTUnwrap(m.state.chart?.zoom)
        XCTAssertLessThan(zoomedIn, start)
        m.press(.char("-"))
        XCTAssertGreaterThan(m.state.chart!.zoom, zoomedIn)

        var seen: [Int] = []
        for _ in 0..<20 { m.press(.char("+")); seen.append(m.state.chart!.zoom) }
        XCTAssertEqual(seen.last, 20)
        XCTAssertEqual(seen.min(), 20, "never fewer than 20 bars")
        seen = []
        for _ in 0..<20 { m.press(.char("-")); seen.append(m.state.chart!.zoom) }
        XCTAssertEqual(seen.last, 500)
        XCTAssertEqual(seen.max(), 500, "never more than 500 bars")
        XCTAssertEqual(seen, seen.sorted(), "each press zooms out or stays at the limit")
    }

    // `1`-`9`
    func testIntervalKeysSwitchTheChartAndTheSubscriptions() {
        let m = MonitorDriver(symbols: ["BTCUSDT", "ETHUSDT"], intervals: [.m1, .m5, .h1])
        let symbols = [Symbol("BTCUSDT")!, Symbol("ETHUSDT")!]
        m.feedClosed("BTCUSDT", closes: [100, 101, 102])
        XCTAssertEqual(m.state.chart?.interval, .m1)

        XCTAssertEqual(m.press(.char("2")), [.unwatch(symbols, .m1), .watch(symbols, .m5)])
        XCTAssertEqual(m.presenter.interval, .m5)
        XCTAssertEqual(m.state.chart?.interval, .m5)
        XCTAssertEqual(m.state.chart?.candles, [], "the 1m bars are gone")
        XCTAssertFalse(m.feed(.candle(Bars.bar("BTCUSDT", 3, close: 103, interval: .m1), backfilled: false)),
                       "a late 1m bar is not drawn")
        m.feedClosed("BTCUSDT", closes: [500, 501], interval: .m5)
        XCTAssertEqual(m.state.chart?.candles.map(\.closeInt), [500, 501])

        XCTAssertEqual(m.press(.char("2")), [], "the interval shown already")
        XCTAssertEqual(m.press(.char("9")), [], "no ninth interval configured")
        XCTAssertEqual(m.state.chart?.interval, .m5)
        XCTAssertEqual(m.press(.char("3")), [.unwatch(symbols, .m5), .watch(symbols, .h1)])
        XCTAssertEqual(m.state.chart?.interval, .h1)
    }

    // `f`
    func testRefreshKeyCyclesTheFrameRate() {
        let m = MonitorDriver(refreshMilliseconds: 500)
        var rates: [Int] = []
        for _ in 0..<3 {
            m.press(.char("f"))
            rates.append(m.state.refreshMilliseconds)
        }
        XCTAssertEqual(rates, [1_000, 100, 500])
        m.press(.char("f"))
        XCTAssertTrue(m.screen().lines[0].contains("⟳ 1000ms"), m.screen().lines[0])
    }

    // `i`
    func testIndicatorPickerAddsThenRemovesAColumn() throws {
        let m = MonitorDriver(specs: ["rsi(14)"])
        m.feedClosed("BTCUSDT", closes: [100, 101, 102, 103, 104])
        let sma = try IndicatorSpec(parsing: "sma(5)").description
        XCTAssertFalse(m.state.indicatorRows.contains { $0.name == sma })

        m.press(.char("i"))
        XCTAssertNotNil(m.state.picker)
        m.type("sma(5)")
        XCTAssertEqual(m.state.picker?.input, "sma(5)")
        XCTAssertEqual(m.press(.enter), [])
        XCTAssertNil(m.state.picker)
        let row = try XCTUnwrap(m.state.indicatorRows.first { $0.name == sma })
        XCTAssertEqual(row.value, "102.00", "the mean of the five closes")
        XCTAssertEqual(m.state.chart?.overlays.map(\.name), [sma])
        XCTAssertEqual(m.state.chart?.overlays.first?.values.last, 102)

        m.press(.char("i"))
        m.type("sma(5)")
        m.press(.enter)
        XCTAssertFalse(m.state.indicatorRows.contains { $0.name == sma })
        XCTAssertEqual(m.state.chart?.overlays, [])
        XCTAssertTrue(m.state.indicatorRows.contains { $0.name.lowercased().hasPrefix("rsi") }, "the others stay")
    }

    // `a`
    func testAddSymbolCompletesFromTheExchangeListAndWatchesIt() throws {
        let m = MonitorDriver(symbols: ["BTCUSDT", "ETHUSDT"])
        m.presenter.setExchangeSymbols(["SOLUSDT", "BTCUSDT", "ETHUSDT", "SOLBTC", "BNSOLSOL"],
                                       decimals: [Symbol("SOLUSDT")!: 3])
        m.press(.char("a"))
        m.type("sol")
        let picker = try XCTUnwrap(m.state.picker)
        XCTAssertEqual(picker.input, "SOL")
        XCTAssertEqual(picker.candidates, ["SOLBTC", "SOLUSDT", "BNSOLSOL"], "prefix matches first, then the rest")
        m.press(.down)
        XCTAssertEqual(m.state.picker?.selected, 1)

        let sol = Symbol("SOLUSDT")!
        XCTAssertEqual(m.press(.enter), [.watch([sol], .m1)])
        let s = m.state
        XCTAssertNil(s.picker)
        XCTAssertEqual(s.watchlist.map(\.symbol), ["BTCUSDT", "ETHUSDT", "SOLUSDT"])
        XCTAssertEqual(s.watchlist.last?.priceDecimals, 3, "the exchange's precision")
        XCTAssertEqual(s.chart?.symbol, "SOLUSDT", "the new symbol is selected")
        XCTAssertEqual(m.presenter.symbols, [Symbol("BTCUSDT")!, Symbol("ETHUSDT")!, sol])

        m.feedClosed("SOLUSDT", closes: [150])
        XCTAssertEqual(m.state.chart?.candles.map(\.closeInt), [150], "its bars reach the chart")
    }

    // `d`
    func testRemoveSymbolUnwatchesTheSelectedOne() {
        let m = MonitorDriver(symbols: ["BTCUSDT", "ETHUSDT", "SOLUSDT"])
        m.press(.char("j"))
        XCTAssertEqual(m.press(.char("d")), [.unwatch([Symbol("ETHUSDT")!], .m1)])
        XCTAssertEqual(m.state.watchlist.map(\.symbol), ["BTCUSDT", "SOLUSDT"])
        XCTAssertEqual(m.state.chart?.symbol, "SOLUSDT", "the next symbol moves up")

        XCTAssertEqual(m.press(.char("d")), [.unwatch([Symbol("SOLUSDT")!], .m1)])
        XCTAssertEqual(m.state.chart?.symbol, "BTCUSDT", "the selection stays on the list")

        XCTAssertEqual(m.press(.char("d")), [], "the last symbol stays")
        XCTAssertEqual(m.state.watchlist.map(\.symbol), ["BTCUSDT"])
        XCTAssertEqual(m.state.message, "The watchlist needs at least one symbol.")
    }

    // `p`
    func testPauseFreezesThePictureWhileDataKeepsFlowing() {
        let m = MonitorDriver()
        m.feedClosed("BTCUSDT", closes: [100, 101])
        m.press(.char("p"))
        let paused = m.state
        XCTAssertTrue(paused.paused)
        XCTAssertEqual(paused.chart?.candles.map(\.closeInt), [100, 101])

        m.feedClosed("BTCUSDT", from: 2, closes: [102, 103])
        let later = m.state
        XCTAssertEqual(later.chart?.candles.map(\.closeInt), [100, 101], "the picture stays")
        XCTAssertEqual(later.watchlist, paused.watchlist)
        XCTAssertGreaterThan(later.nowMs, paused.nowMs, "the clock keeps going")
        XCTAssertTrue(later.message?.contains("press p to resume") == true)

        m.press(.char("p"))
        XCTAssertFalse(m.state.paused)
        XCTAssertEqual(m.state.chart?.candles.map(\.closeInt), [100, 101, 102, 103], "nothing was lost meanwhile")
    }

    // `r`
    func testReconnectEmitsTheCommand() {
        let m = MonitorDriver()
        XCTAssertEqual(m.press(.char("r")), [.reconnect])
        XCTAssertEqual(m.state.message, "Reconnecting every stream.")
    }

    // `c`
    func testClearRemovesToastsAndTheModal() {
        let m = MonitorDriver()
        m.presenter.show(toast: "RSI oversold", severity: .info, direction: .up, nowMs: m.nowMs)
        m.presenter.show(toast: "EMA cross", severity: .warning, direction: .down, nowMs: m.nowMs)
        m.presenter.show(modal: ModalView(title: "Strong signal", lines: ["BTCUSDT"], severity: .critical))
        XCTAssertEqual(m.state.toasts.map(\.text), ["RSI oversold", "EMA cross"])
        XCTAssertNotNil(m.state.modal)

        XCTAssertEqual(m.press(.char("c")), [])
        XCTAssertEqual(m.state.toasts, [])
        XCTAssertNil(m.state.modal)

        // Without a modal open too.
        m.presenter.show(toast: "MACD cross", severity: .info, direction: nil, nowMs: m.nowMs)
        m.press(.char("c"))
        XCTAssertEqual(m.state.toasts, [])

        // While paused too: the frozen picture is the market's, the overlays are live.
        m.press(.char("p"))
        m.presenter.show(toast: "ATR spike", severity: .info, direction: nil, nowMs: m.nowMs)
        m.presenter.show(modal: ModalView(title: "Strong signal", lines: ["ETHUSDT"], severity: .critical))
        XCTAssertEqual(m.state.toasts.map(\.text), ["ATR spike"])
        XCTAssertNotNil(m.state.modal)
        m.press(.char("c"))
        XCTAssertTrue(m.state.paused)
        XCTAssertEqual(m.state.toasts, [])
        XCTAssertNil(m.state.modal)
    }

    // `o` `m` `b` `n`
    func testNotificationTogglesNameTheirChannel() {
        let m = MonitorDriver()
        XCTAssertEqual(m.press(.char("o")), [.toggle("toast")])
        XCTAssertEqual(m.press(.char("m")), [.toggle("modal")])
        XCTAssertEqual(m.press(.char("b")), [.toggle("bell")])
        XCTAssertEqual(m.press(.char("n")), [.toggle("desktop")])
    }

    // `?`
    func testHelpShowsTheOverlay() {
        let m = MonitorDriver()
        let helpLine = "refresh rate 100/500/1000 ms"
        XCTAssertFalse(m.screen().text.contains(helpLine))

        m.press(.char("?"))
        XCTAssertTrue(m.state.showHelp)
        XCTAssertTrue(m.screen().text.contains(helpLine), m.screen().text)
        m.press(.char("?"))
        XCTAssertFalse(m.state.showHelp)
        XCTAssertFalse(m.screen().text.contains(helpLine))

        m.press(.char("?"))
        m.press(.escape)
        XCTAssertFalse(m.state.showHelp, "esc closes it too")
    }
}
