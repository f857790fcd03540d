import MarketData
import MarketModel
import Presenter
import TUI
import XCTest

/// A signal the history could not store is never drawn as stored: the pane marks it, the status
/// line says the history is failing until it works, and the mark goes once it is stored.
final class UnsavedSignalTests: XCTestCase {
    private func row(_ n: Int, saved: Bool) -> SignalRow {
        SignalRow(timeMs: MonitorDriver.start - Int64(10 - n) * 1_000, symbol: "BTCUSDT", rule: "rule\(n)", reason: "reason \(n)",
                  direction: .up, id: "id-\(n)", saved: saved)
    }

    func testTheStatusLineSaysTheHistoryIsFailingAndTheMarkGoesOnceStored() {
        let m = MonitorDriver(symbols: ["BTCUSDT"])
        m.feed(.health(FeedHealth(state: .live)))
        m.presenter.addSignals([row(1, saved: true)], consensus: [:])
        let sentence = "The signal history cannot be written; new signals are held in memory, marked not saved, and retried."
        m.presenter.setHistoryProblem(sentence)
        m.presenter.addSignals([row(2, saved: false)], consensus: [:])
        XCTAssertEqual(m.state.message, sentence)
        XCTAssertEqual(m.state.signals.map(\.saved), [true, false])

        m.presenter.markSaved(ids: ["id-2"])
        m.presenter.setHistoryProblem(nil)
        XCTAssertEqual(m.state.signals.map(\.saved), [true, true])
        XCTAssertNil(m.state.message)
    }
}
