import MarketModel
import XCTest
@testable import TUI

/// The signal pane marks a signal the history has not stored, and only that one.
final class UnsavedSignalPaneTests: XCTestCase {
    private func row(_ n: Int, saved: Bool) -> SignalRow {
        SignalRow(timeMs: 1_000_000 + Int64(n) * 1_000, symbol: "BTCUSDT", rule: "rule\(n)", reason: "reason \(n)",
                  direction: .up, id: "id-\(n)", saved: saved)
    }

    func testThePaneMarksOnlyUnsavedSignals() throws {
        let signals = [row(1, saved: true), row(2, saved: false)]
        var b = Buffer(width: 90, height: 5)
        SignalPane(signals: signals, theme: .dark).render(into: &b, in: b.bounds)
        // Newest first: row 1 is the unsaved one.
        XCTAssertTrue(b.row(1).contains("rule2"), b.row(1))
        XCTAssertTrue(b.row(1).contains(SignalPane.unsavedMark), b.row(1))
        XCTAssertTrue(b.row(2).contains("rule1"), b.row(2))
        XCTAssertFalse(b.row(2).contains(SignalPane.unsavedMark), b.row(2))
        let mark = try XCTUnwrap(b.row(1).distance(of: "[not saved]"))
        XCTAssertEqual(b[mark, 1].style.fg, Theme.dark.color(.critical))
    }
}

extension UnsavedSignalPaneTests {
    func testANarrowPaneMarksTheReasonRowAndKeepsTheRule() throws {
        var b = Buffer(width: 40, height: 6)
        SignalPane(signals: [row(1, saved: true), row(2, saved: false)], theme: .dark).render(into: &b, in: b.bounds)
        XCTAssertTrue(b.row(1).contains("rule2"), b.row(1))
        XCTAssertTrue(b.row(2).contains("[not saved] reason 2"), b.row(2))
        XCTAssertTrue(b.row(3).contains("rule1"), b.row(3))
        XCTAssertFalse(b.row(4).contains("[not saved]"), b.row(4))
    }
}
