import Indicators
import MarketData
import MarketModel
import MarketState
import Presenter
import TUI
import XCTest

/// Drives a real presenter the way the UI loop does: keys go through the default key map (text
/// entry while a picker is open), the feed side sends real `StreamUpdate`s, and every frame's
/// state is read with `snapshot`. Time is a counter the test moves, never the wall clock.
final class MonitorDriver {
    static let start: Int64 = 1_700_000_100_000

    let presenter: MonitorPresenter
    /// The series store the presenter reads, fed before the presenter as the monitor does.
    let store: SeriesStore
    let keyMap: KeyMap
    var nowMs = MonitorDriver.start
    /// Every command the presenter asked the feed side for, in order.
    private(set) var commands: [MonitorPresenter.Command] = []

    init(symbols: [String] = ["BTCUSDT", "ETHUSDT", "SOLUSDT"], intervals: [Interval] = [.m1, .m5, .h1],
         specs: [String] = [], historyBars: Int = 500, refreshMilliseconds: Int = 500, isDemo: Bool = false,
         keyMap: KeyMap = .default, largeTradePercentile: Double = 95) {
        store = SeriesStore(settings: .init(venue: "test", capacity: historyBars), clock: { MonitorDriver.start })
        presenter = MonitorPresenter(symbols: symbols.map { Symbol($0)! }, intervals: intervals,
                                     specs: specs.map { try! IndicatorSpec(parsing: $0) }, store: store,
                                     refreshMilliseconds: refreshMilliseconds, isDemo: isDemo, endpointLabel: "test",
                                     largeTradePercentile: largeTradePercentile)
        self.keyMap = keyMap
    }

    var state: MonitorState { presenter.snapshot(nowMs: nowMs) }

    /// One key press; returns the commands it produced (also kept in `commands`).
    @discardableResult
    func press(_ key: Key, file: StaticString = #filePath, line: UInt = #line) -> [MonitorPresenter.Command] {
        let textEntry = state.picker != nil
        guard let action = textEntry ? keyMap.textEntryAction(for: key) : keyMap.action(for: key) else {
            XCTFail("\(key) is not bound", file: file, line: line)
            return []
        }
        nowMs += 10
        let produced = presenter.handle(action, nowMs: nowMs)
        commands += produced
        return produced
    }

    /// Types text into an open picker, one key per character.
    func type(_ text: String) {
        for c in text { press(.char(c)) }
    }

    @discardableResult
    func feed(_ update: StreamUpdate) -> Bool {
        nowMs += 1
        store.receive([update])
        return presenter.apply(update, nowMs: nowMs)
    }

    /// Closed bars `index..<index+closes.count` for `symbol`, one per close price.
    func feedClosed(_ symbol: String, from index: Int = 0, closes: [Int], interval: Interval = .m1) {
        for (offset, close) in closes.enumerated() {
            feed(.candle(Bars.bar(symbol, index + offset, close: close, interval: interval), backfilled: false))
        }
    }

    /// The frame this state draws, on a test screen of the given size.
    func screen(width: Int = 160, height: Int = 48, theme: Theme = .dark) -> TestScreen {
        let screen = TestScreen(width: width, height: height)
        screen.present(MonitorRenderer(theme: theme).render(state, width: width, height: height))
        return screen
    }
}

enum Bars {
    /// Bar `index` of a series on `interval` (consecutive indexes are consecutive bars).
    static func bar(_ symbol: String, _ index: Int, close: Int, interval: Interval = .m1, closed: Bool = true) -> Candle {
        let open = MonitorDriver.start + Int64(index) * interval.nominalMilliseconds
        let price = ExactDecimal(close)
        return Candle(symbol: Symbol(symbol)!, interval: interval, openTime: open,
                      closeTime: open + interval.nominalMilliseconds - 1, open: price, high: price, low: price,
                      close: price, volume: ExactDecimal(1), isClosed: closed)
    }
}

extension ChartView {
    /// The candles the chart draws across `plotWidth` columns, as the chart widget places them.
    func visible(plotWidth: Int = 120) -> ArraySlice<Candle> {
        let g = ChartGeometry(candleCount: candles.count, zoom: zoom, scrollOffset: scrollOffset, plotX: 0, plotWidth: plotWidth)
        return candles[g.indices]
    }
}

extension Candle {
    var closeInt: Int { Int(close.doubleValue) }
}
