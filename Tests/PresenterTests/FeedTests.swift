import MarketData
import MarketModel
import Presenter
import TUI
import XCTest

/// Feed updates as the monitor shows them: bars of the chart interval, tickers, health.
final class FeedTests: XCTestCase {
    func testFormingBarIsDrawnLastAndClosedBarsReplaceIt() {
        let m = MonitorDriver(symbols: ["BTCUSDT"])
        m.feedClosed("BTCUSDT", closes: [100])
        XCTAssertTrue(m.feed(.candle(Bars.bar("BTCUSDT", 1, close: 105, closed: false), backfilled: false)))
        XCTAssertEqual(m.state.chart?.candles.map(\.closeInt), [100, 105])
        XCTAssertEqual(m.state.chart?.candles.last?.isClosed, false)
        XCTAssertEqual(m.state.watchlist[0].last, ExactDecimal(105))

        m.feedClosed("BTCUSDT", from: 1, closes: [104])
        XCTAssertEqual(m.state.chart?.candles.map(\.closeInt), [100, 104])
        XCTAssertEqual(m.state.chart?.candles.last?.isClosed, true)
    }

    func testBarsOfOtherSymbolsOrIntervalsAreNotDrawn() {
        let m = MonitorDriver(symbols: ["BTCUSDT"], intervals: [.m1, .m5])
        XCTAssertFalse(m.feed(.candle(Bars.bar("ETHUSDT", 0, close: 1), backfilled: false)))
        XCTAssertFalse(m.feed(.candle(Bars.bar("BTCUSDT", 0, close: 1, interval: .m5), backfilled: false)))
        XCTAssertEqual(m.state.chart?.candles, [])
    }

    func testBackfilledBarsAndGapsAreMarked() {
        let m = MonitorDriver(symbols: ["BTCUSDT"])
        m.feed(.candle(Bars.bar("BTCUSDT", 0, close: 100), backfilled: true))
        m.feed(.candle(Bars.bar("BTCUSDT", 2, close: 102), backfilled: false))
        let chart = m.state.chart
        XCTAssertEqual(chart?.backfilledOpenTimes, [Bars.bar("BTCUSDT", 0, close: 0).openTime])
        XCTAssertEqual(chart?.gapOpenTimes, [Bars.bar("BTCUSDT", 1, close: 0).openTime])
    }

    func testTickersFillTheWatchlist() {
        let m = MonitorDriver(symbols: ["BTCUSDT", "ETHUSDT"])
        let ticker = Ticker24h(symbol: Symbol("ETHUSDT")!, eventTime: m.nowMs, isMini: true, last: ExactDecimal(3_000),
                               open: ExactDecimal(2_900), high: ExactDecimal(3_100), low: ExactDecimal(2_800),
                               volume: ExactDecimal(10), quoteVolume: ExactDecimal(30_000))
        XCTAssertTrue(m.feed(.event(.tickers([ticker]))))
        let row = m.state.watchlist[1]
        XCTAssertEqual(row.last, ExactDecimal(3_000))
        XCTAssertEqual(row.volume, 30_000)
        XCTAssertEqual(row.changePercent, ticker.changePercent)
        XCTAssertNil(m.state.watchlist[0].last)
    }

    func testHealthReachesTheStatusBar() {
        let m = MonitorDriver()
        m.feed(.health(FeedHealth(state: .live, lastMessageAge: 0.4, messagesPerSecond: 12, reconnects: 2,
                                  backfilling: 1, restWeightUsed: 40)))
        XCTAssertEqual(m.state.health, HealthView(state: .live, dataAgeSeconds: 0.4, messagesPerSecond: 12, reconnects: 2,
                                                  lastError: nil, backfilling: true, restWeightUsed: 40))
        m.feed(.health(FeedHealth(state: .reconnecting, lastMessageAge: nil)))
        XCTAssertEqual(m.state.health.state, .reconnecting)
        XCTAssertEqual(m.state.health.dataAgeSeconds, .infinity, "no frame on an open connection: age unknown")
    }

    /// The clock's frame each second shows the moving age and rate; only a change a person must
    /// see at once (state, reconnects, an error) asks for a frame of its own.
    func testOnlyAVisibleHealthChangeAsksForAFrame() {
        let m = MonitorDriver()
        XCTAssertTrue(m.feed(.health(FeedHealth(state: .live, lastMessageAge: 0.1, messagesPerSecond: 40))))
        XCTAssertFalse(m.feed(.health(FeedHealth(state: .live, lastMessageAge: 0.9, messagesPerSecond: 38))))
        XCTAssertEqual(m.state.health.messagesPerSecond, 38, "the next frame still shows the newest rate")
        XCTAssertTrue(m.feed(.health(FeedHealth(state: .live, lastMessageAge: 0.2, messagesPerSecond: 38, reconnects: 1))))
        XCTAssertTrue(m.feed(.health(FeedHealth(state: .live, lastMessageAge: nil, messagesPerSecond: 38, reconnects: 1))),
                      "an age that becomes unknown is shown at once")
        XCTAssertTrue(m.feed(.health(FeedHealth(state: .reconnecting, lastMessageAge: nil, reconnects: 1))))
    }

    func testAFeedThatNeverWorkedSuggestsTheDemo() {
        let m = MonitorDriver()
        m.feed(.health(FeedHealth(state: .down, lastError: "Cannot reach stream.binance.com.")))
        XCTAssertEqual(m.state.message, "Cannot reach stream.binance.com. Retrying; run `thebot --demo` for the simulator.")

        m.feed(.health(FeedHealth(state: .live)))
        m.feed(.health(FeedHealth(state: .down, lastError: "Cannot reach stream.binance.com.")))
        XCTAssertNil(m.state.message, "it worked once: the status bar's state says enough")

        let demo = MonitorDriver(isDemo: true)
        demo.feed(.health(FeedHealth(state: .down, lastError: "The simulator stopped.")))
        XCTAssertEqual(demo.state.message, "The simulator stopped.")
    }

    func testToastsExpireAndSignalsKeepTheNewestHundred() {
        let m = MonitorDriver()
        m.presenter.show(toast: "RSI oversold", severity: .info, direction: .up, nowMs: m.nowMs)
        XCTAssertEqual(m.state.toasts.count, 1)
        m.nowMs += Toast.lifetimeMs
        XCTAssertEqual(m.state.toasts, [])

        let rows = (0..<120).map { SignalRow(timeMs: Int64($0), symbol: "BTCUSDT", rule: "r", reason: "\($0)", direction: .up) }
        m.presenter.setSignalHistory(Array(rows.prefix(90)))
        m.presenter.addSignals(Array(rows.suffix(30)), consensus: [Symbol("BTCUSDT")!: .strongBuy])
        XCTAssertEqual(m.state.signals.count, 100)
        XCTAssertEqual(m.state.signals.last?.reason, "119")
        XCTAssertEqual(m.state.watchlist[0].consensus, .strongBuy)
    }

    func testTerminalBytesAreHandedOverOnce() {
        let m = MonitorDriver()
        m.presenter.queueTerminal([7])
        m.presenter.queueTerminal([27, 93])
        XCTAssertEqual(m.presenter.takeTerminalBytes(), [7, 27, 93])
        XCTAssertEqual(m.presenter.takeTerminalBytes(), [])
    }
}
