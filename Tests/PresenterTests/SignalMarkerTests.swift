import MarketModel
import Presenter
import TUI
import XCTest

/// Signals from the history (what the database gives back at start) become markers on the bars
/// they fired on, for the chart's symbol and interval only.
final class SignalMarkerTests: XCTestCase {
    func testStoredSignalsMarkTheirBars() throws {
        let m = MonitorDriver()
        m.feedClosed("BTCUSDT", closes: [100, 101, 102, 103, 104])
        let bars = try XCTUnwrap(m.state.chart?.candles)
        // Closed-bar rules stamp a signal with its bar's close time; intrabar ones with a time inside it.
        m.presenter.setSignalHistory([
            SignalRow(timeMs: bars[1].closeTime, symbol: "BTCUSDT", rule: "rsi", reason: "RSI(14) rose above 30 (31.0).",
                      direction: .up, interval: .m1),
            SignalRow(timeMs: bars[3].openTime + 5_000, symbol: "BTCUSDT", rule: "ema-cross", reason: "EMA(12) crossed below EMA(26).",
                      direction: .down, interval: .m1),
            SignalRow(timeMs: bars[2].closeTime, symbol: "BTCUSDT", rule: "macd", reason: "on 5m", direction: .up, interval: .m5),
            SignalRow(timeMs: bars[2].closeTime, symbol: "ETHUSDT", rule: "macd", reason: "other symbol", direction: .up, interval: .m1),
            SignalRow(timeMs: bars[0].openTime - 1, symbol: "BTCUSDT", rule: "old", reason: "before the bars", direction: .up, interval: .m1),
        ])
        let markers = try XCTUnwrap(m.state.chart?.markers)
        XCTAssertEqual(markers, [
            ChartMarker(openTime: bars[1].openTime, direction: .up, text: "rsi: RSI(14) rose above 30 (31.0)."),
            ChartMarker(openTime: bars[3].openTime, direction: .down, text: "ema-cross: EMA(12) crossed below EMA(26)."),
        ])
        let screen = m.screen(width: 160, height: 48)
        XCTAssertTrue(screen.text.contains("▼ ema-cross: EMA(12) crossed below EMA(26)."), "the newest marker's reason in the chart footer")
    }

    /// The chart's series reads its stored signals once (and again for older bars), so a marker
    /// does not depend on the pane's short list of recent signals of every symbol.
    func testTheSeriesStoredSignalsAreReadFromTheHistory() throws {
        let m = MonitorDriver()
        m.feedClosed("BTCUSDT", closes: [100, 101, 102])
        let bars = try XCTUnwrap(m.state.chart?.candles)
        final class Reads: @unchecked Sendable {
            // Safe: the presenter calls the source on the thread that takes the snapshot, which
            // is the test's own.
            var calls: [(String, Interval, Int64)] = []
        }
        let reads = Reads()
        let stored = SignalRow(timeMs: bars[0].closeTime, symbol: "BTCUSDT", rule: "stoch", reason: "stored long ago",
                               direction: .down, interval: .m1)
        m.presenter.setMarkerSource { symbol, interval, since in
            reads.calls.append((symbol.name, interval, since))
            return symbol.name == "BTCUSDT" && interval == .m1 ? [stored] : []
        }
        let markers = try XCTUnwrap(m.state.chart?.markers)
        XCTAssertEqual(markers, [ChartMarker(openTime: bars[0].openTime, direction: .down, text: "stoch: stored long ago")])
        _ = m.state
        XCTAssertEqual(reads.calls.count, 1, "read once per series")
        XCTAssertEqual(reads.calls.first?.2, bars[0].openTime, "from the oldest bar on the chart")

        // The same signal also in the pane's list is one marker; another symbol reads its own.
        m.presenter.setSignalHistory([stored])
        XCTAssertEqual(m.state.chart?.markers.count, 1)
        m.press(.char("j"))
        m.feedClosed("ETHUSDT", closes: [200])
        XCTAssertEqual(m.state.chart?.markers, [])
        XCTAssertEqual(reads.calls.last?.0, "ETHUSDT")
    }
}
