import XCTest
import MarketModel
@testable import TUI

final class WidgetTests: XCTestCase {
    func testWatchlistFormatsPriceChangeVolumeAndConsensus() {
        let rows = [
            WatchRow(symbol: "BTCUSDT", last: ExactDecimal("64012.1"), priceDecimals: 2, changePercent: 1.234,
                     sparkline: [1, 2, 3, 4, 5, 6, 7, 8], volume: 1_234_567, consensus: .strongBuy),
            WatchRow(symbol: "PEPEUSDT", last: ExactDecimal("0.00001234"), priceDecimals: 8, changePercent: -0.4,
                     volume: 950, consensus: .sell),
            WatchRow(symbol: "NEWUSDT"),
        ]
        var b = Buffer(width: 56, height: 6)
        Watchlist(rows: rows, selectedIndex: 1, theme: .dark).render(into: &b, in: b.bounds)
        let lines = b.textLines()
        XCTAssertTrue(lines[2].contains("BTCUSDT"))
        XCTAssertTrue(lines[2].contains("64,012.10"), lines[2])
        XCTAssertTrue(lines[2].contains("+1.23%"))
        XCTAssertTrue(lines[2].contains("1.23M"))
        XCTAssertTrue(lines[2].contains("▁▂▃▄▅▆▇█"), lines[2])
        XCTAssertTrue(lines[2].contains("▲▲"))
        XCTAssertTrue(lines[3].contains("0.00001234"))
        XCTAssertTrue(lines[3].contains("-0.40%"))
        XCTAssertTrue(lines[3].contains("950"))
        XCTAssertTrue(lines[3].contains("▼"))
        XCTAssertTrue(lines[4].contains("–"), "a symbol without data shows dashes")
        // The selected row is highlighted; the change is coloured by sign.
        XCTAssertEqual(b[3, 3].style.bg, Theme.dark.color(.selection))
        let plus = lines[2].distance(of: "+1.23%")!
        XCTAssertEqual(b[plus, 2].style.fg, Theme.dark.color(.bull))
    }

    func testWatchlistKeepsPriceAndChangeAt80Columns() {
        var b = Buffer(width: 30, height: 5)
        let rows = [WatchRow(symbol: "BTCUSDT", last: ExactDecimal("104012.15"), priceDecimals: 2, changePercent: -12.5)]
        Watchlist(rows: rows, selectedIndex: 0, theme: .dark).render(into: &b, in: b.bounds)
        XCTAssertTrue(b.row(2).contains("104,012.15"), b.row(2))
        XCTAssertTrue(b.row(2).contains("-12.50%"), b.row(2))
    }

    func testFlashColoursThePrice() {
        var b = Buffer(width: 40, height: 4)
        let rows = [WatchRow(symbol: "ETHUSDT", last: ExactDecimal("3400.5"), priceDecimals: 2, flash: .down)]
        Watchlist(rows: rows, selectedIndex: 5, theme: .dark).render(into: &b, in: b.bounds)
        let x = b.row(2).distance(of: "3,400.50")!
        XCTAssertEqual(b[x, 2].style.bg, Theme.dark.color(.bear))
    }

    func testStatusBarShowsEverything() {
        var state = MonitorState(title: "thebot", isDemo: true, endpointLabel: "stream.binance.com",
                                 health: HealthView(state: .stale, dataAgeSeconds: 12.4, messagesPerSecond: 1500, reconnects: 3),
                                 refreshMilliseconds: 500, nowMs: 1_700_000_000_000 + 3_723_000)
        var b = Buffer(width: 160, height: 1)
        StatusBar(state: state, theme: .dark).render(into: &b, in: b.bounds)
        let line = b.row(0)
        for part in ["thebot", "DEMO", "STALE", "age 12s", "1.50K msg/s", "↻ 3", "⟳ 500ms", "stream.binance.com"] {
            XCTAssertTrue(line.contains(part), "missing \(part) in \(line)")
        }
        XCTAssertTrue(line.hasSuffix("23:15:23 UTC "), line)
        let stale = line.distance(of: "STALE")!
        XCTAssertEqual(b[stale, 0].style.fg, Theme.dark.color(.stale))
        // Narrow: the clock and the badges stay, details go.
        state.isDemo = true
        var narrow = Buffer(width: 50, height: 1)
        StatusBar(state: state, theme: .dark).render(into: &narrow, in: narrow.bounds)
        XCTAssertTrue(narrow.row(0).contains("DEMO"))
        XCTAssertTrue(narrow.row(0).contains("UTC"))
        XCTAssertFalse(narrow.row(0).contains("stream.binance.com"))
    }

    func testFooterShowsMessageInsteadOfHints() {
        var state = MonitorState()
        var b = Buffer(width: 100, height: 1)
        Footer(state: state, theme: .dark).render(into: &b, in: b.bounds)
        XCTAssertTrue(b.row(0).contains("q quit"))
        state.message = "Cannot reach stream.binance.com: try --demo."
        Footer(state: state, theme: .dark).render(into: &b, in: b.bounds)
        XCTAssertTrue(b.row(0).contains("try --demo"))
        XCTAssertFalse(b.row(0).contains("q quit"))
    }

    func testIndicatorTableColoursByState() {
        var b = Buffer(width: 30, height: 5)
        let rows = [IndicatorRow(name: "RSI(14)", value: "28.40", state: .bullish), IndicatorRow(name: "EMA(50)", value: "101.2")]
        IndicatorTable(rows: rows, theme: .dark).render(into: &b, in: b.bounds)
        XCTAssertTrue(b.row(1).hasSuffix("28.40│"), b.row(1))
        XCTAssertEqual(b[28, 1].style.fg, Theme.dark.color(.bull))
        XCTAssertEqual(b[28, 2].style.fg, Theme.dark.color(.text))
    }

    func testSignalPaneIsNewestFirst() {
        let signals = [
            SignalRow(timeMs: 1_000_000, symbol: "OLDUSDT", rule: "r", reason: "old", direction: .down),
            SignalRow(timeMs: 9_000_000, symbol: "NEWUSDT", rule: "rsi_cross", reason: "new \u{1b}[31m", direction: .up),
        ]
        var b = Buffer(width: 80, height: 5)
        SignalPane(signals: signals, theme: .dark).render(into: &b, in: b.bounds)
        XCTAssertTrue(b.row(1).contains("NEWUSDT"))
        XCTAssertTrue(b.row(1).contains("02:30:00"))
        XCTAssertTrue(b.row(2).contains("OLDUSDT"))
        let arrow = b.row(1).distance(of: "▲")!
        XCTAssertEqual(b[arrow, 1].style.fg, Theme.dark.color(.bull))
    }

    func testToastsExpireAfterFiveSeconds() {
        let toasts = [Toast(id: 1, text: "a", createdAtMs: 1_000), Toast(id: 2, text: "b", createdAtMs: 3_000)]
        XCTAssertEqual(Toasts.visibleToasts(toasts, at: 2_000).map(\.id), [1])
        XCTAssertEqual(Toasts.visibleToasts(toasts, at: 5_999).map(\.id), [2, 1], "newest first")
        XCTAssertEqual(Toasts.visibleToasts(toasts, at: 6_000).map(\.id), [2])
        XCTAssertEqual(Toasts.visibleToasts(toasts, at: 8_000).map(\.id), [])
        XCTAssertEqual(Toasts.nextExpiry(toasts, after: 4_000), 6_000)
        XCTAssertNil(Toasts.nextExpiry(toasts, after: 9_000))
    }

    func testModalHelpPickerAndTooSmall() {
        let screen = Rect(x: 0, y: 0, width: 80, height: 24)
        var b = Buffer(width: 80, height: 24)
        Modal(modal: ModalView(title: "Error", lines: ["Something failed."], severity: .critical), theme: .dark).render(into: &b, in: screen)
        XCTAssertTrue(b.text.contains("Something failed."))
        XCTAssertTrue(b.text.contains("Enter or Esc"))

        b = Buffer(width: 80, height: 24)
        HelpOverlay(lines: KeyMap.default.helpLines, theme: .dark).render(into: &b, in: screen)
        for word in ["quit", "zoom", "interval", "refresh", "theme", "pause", "reconnect", "help", "add a symbol", "remove"] {
            XCTAssertTrue(b.text.contains(word), "help lacks \(word)")
        }

        b = Buffer(width: 80, height: 24)
        Picker(picker: PickerView(prompt: "Add indicator", input: "rs", candidates: ["rsi(14)", "rsi(7)"], selected: 1), theme: .dark)
            .render(into: &b, in: screen)
        XCTAssertTrue(b.text.contains("› rs▏"))
        let y = b.textLines().firstIndex { $0.contains("rsi(7)") }!
        XCTAssertEqual(b[b.row(y).distance(of: "rsi(7)")!, y].style.bg, Theme.dark.color(.selection))

        let small = Fixtures.render(SampleState.make(candles: 50), 60, 20)
        XCTAssertTrue(small.text.contains("Terminal too small"))
        XCTAssertTrue(small.text.contains("need 80x24, have 60x20"))
    }

    func testFormatting() {
        XCTAssertEqual(Formatting.abbreviated(1_234_567), "1.23M")
        XCTAssertEqual(Formatting.abbreviated(12_345), "12.3K")
        XCTAssertEqual(Formatting.abbreviated(950), "950")
        XCTAssertEqual(Formatting.abbreviated(2.5e9), "2.50B")
        XCTAssertEqual(Formatting.percent(-0.004), "-0.00%")
        XCTAssertEqual(Formatting.price(ExactDecimal("1234567.891")!, decimals: 2), "1,234,567.89")
        XCTAssertEqual(Formatting.clock(1_700_000_000_000), "22:13:20")
        XCTAssertEqual(Formatting.age(seconds: 0.42), "0.4s")
        XCTAssertEqual(Formatting.age(seconds: 185), "3m05s")
    }
}

extension Buffer {
    var text: String { textLines().joined(separator: "\n") }
}

extension String {
    /// Column of the first occurrence of `needle` (all test text here is single-width).
    func distance(of needle: String) -> Int? {
        guard let r = firstRange(of: needle) else { return nil }
        return displayWidth(String(self[..<r.lowerBound]))
    }
}
