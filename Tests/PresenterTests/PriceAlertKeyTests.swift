import MarketModel
import Presenter
import Signals
import TUI
import XCTest

/// `A` sets a price alert on the selected symbol, `L` lists the alerts and deletes them. The
/// feed side stores what the commands ask and hands the alerts to the store, as the monitor does.
final class PriceAlertKeyTests: XCTestCase {
    /// Does what the monitor does with the alert commands (minus the database).
    func apply(_ commands: [MonitorPresenter.Command], _ m: MonitorDriver) {
        for command in commands {
            switch command {
            case .addAlert(let alert): m.store.add(alert)
            case .deleteAlert(let id): m.store.removePriceAlert(id: id)
            default: break
            }
        }
    }

    // `A`
    func testAlertKeyTakesThePriceOrTheLastPriceAndDrawsTheLine() throws {
        let m = MonitorDriver()
        m.feedClosed("BTCUSDT", closes: [92, 108, 100, 101])
        m.press(.char("A"))
        let prompt = try XCTUnwrap(m.state.picker)
        XCTAssertTrue(prompt.prompt.contains("BTCUSDT"), prompt.prompt)
        XCTAssertEqual(prompt.candidates, ["last price 101.00"], "the last price at the symbol's precision")

        // Enter alone: the last price.
        let first = m.press(.enter)
        guard case .addAlert(let atLast)? = first.first, first.count == 1 else { return XCTFail("\(first)") }
        XCTAssertEqual(atLast.symbol, Symbol("BTCUSDT"))
        XCTAssertEqual(atLast.price, ExactDecimal(101))
        XCTAssertNil(m.state.picker)
        apply(first, m)

        // A typed price: letters are not part of it, a thousands comma is dropped.
        m.press(.char("A"))
        m.type("1x0,5.5")
        XCTAssertEqual(m.state.picker?.input, "105.5")
        let second = m.press(.enter)
        guard case .addAlert(let above)? = second.first else { return XCTFail("\(second)") }
        XCTAssertEqual(above.price, ExactDecimal("105.5"))
        XCTAssertEqual(above.side, .above)
        apply(second, m)

        m.press(.char("A"))
        m.type("95")
        let third = m.press(.enter)
        guard case .addAlert(let below)? = third.first else { return XCTFail("\(third)") }
        XCTAssertEqual(below.side, .below)
        apply(third, m)

        XCTAssertEqual(m.state.chart?.alertPrices.sorted(), [95, 101, 105.5])
        XCTAssertTrue(m.state.message?.contains("Alert set: BTCUSDT below 95") == true, m.state.message ?? "")

        // The line and its price on the chart's axis (alerts near the bars widen the scale).
        let screen = m.screen(width: 160, height: 48)
        XCTAssertTrue(screen.text.contains("105.50"), screen.text)
        XCTAssertTrue(screen.text.contains("╌"), "the alert's line")
    }

    func testAlertKeyRefusesWhatIsNotAPriceAndEscapeCancels() {
        let m = MonitorDriver()
        m.feedClosed("BTCUSDT", closes: [100])
        m.press(.char("A"))
        m.type("1.2.3")
        XCTAssertEqual(m.press(.enter), [])
        XCTAssertTrue(m.state.message?.contains("\"1.2.3\" is not a price") == true, m.state.message ?? "")

        m.press(.char("A"))
        m.type("99")
        XCTAssertEqual(m.press(.escape), [])
        XCTAssertNil(m.state.picker)

        // No price yet, nothing typed: one sentence, no alert.
        let empty = MonitorDriver()
        empty.press(.char("A"))
        XCTAssertEqual(empty.press(.enter), [])
        XCTAssertTrue(empty.state.message?.contains("No price yet for BTCUSDT") == true, empty.state.message ?? "")
    }

    // `L`
    func testListKeyShowsTheAlertsAndDeletesTheHighlightedOne() throws {
        let m = MonitorDriver()
        m.feedClosed("BTCUSDT", closes: [100])
        for price in ["110", "90"] {
            m.press(.char("A"))
            m.type(price)
            apply(m.press(.enter), m)
        }
        m.press(.char("L"))
        XCTAssertEqual(m.state.picker?.candidates, ["BTCUSDT above 110", "BTCUSDT below 90"])
        m.press(.down)
        let deleted = m.press(.char("d"))
        let waiting = m.store.priceAlerts
        XCTAssertEqual(deleted, [.deleteAlert(try XCTUnwrap(waiting.last).id)])
        apply(deleted, m)
        XCTAssertEqual(m.state.picker?.candidates, ["BTCUSDT above 110"], "the list stays open")
        XCTAssertEqual(m.state.chart?.alertPrices, [110])
        XCTAssertEqual(m.press(.escape), [])
        XCTAssertNil(m.state.picker)
    }
}
