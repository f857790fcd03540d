import MarketData
import MarketModel
import Presenter
import TUI
import XCTest

/// `D` (depth ladder), `T` (trades tape) and `[` / `]` (ladder grouping): the panes follow the
/// selected symbol, the feed keeps that symbol's book and trades only while a pane is open, and
/// a book that is not synced is never shown as live.
final class FlowKeyTests: XCTestCase {
    let btc = Symbol("BTCUSDT")!
    let eth = Symbol("ETHUSDT")!

    func level(_ price: String, _ qty: String) -> PriceLevel { PriceLevel(price: ExactDecimal(price)!, quantity: ExactDecimal(qty)!) }

    /// A synced book published by the manager, then the diff that moved it there.
    func publishBook(_ m: MonitorDriver, id: Int64, bids: [PriceLevel], asks: [PriceLevel]) {
        m.feed(.event(.partialDepth(symbol: btc, DepthSnapshot(lastUpdateId: id, bids: bids, asks: asks))))
        m.feed(.event(.depthUpdate(DepthUpdate(symbol: btc, eventTime: 0, firstUpdateId: id, finalUpdateId: id, bids: [], asks: []))))
    }

    func trade(_ id: Int64, _ price: String, _ qty: String, sell: Bool, second: Int64) -> StreamUpdate {
        .event(.trade(Trade(kind: .trade, symbol: btc, eventTime: second * 1000, id: id, price: ExactDecimal(price)!,
                            quantity: ExactDecimal(qty)!, time: second * 1000 + id % 1000, isBuyerMaker: sell)))
    }

    // `D`
    func testLadderKeyWatchesTheSelectedBookAndShowsItOnlyWhileSynced() throws {
        let m = MonitorDriver()
        m.feedClosed("BTCUSDT", closes: [100])
        XCTAssertEqual(m.press(.char("D")), [.watchFlow(btc)])
        m.store.watchFlow(btc)  // what the monitor does with the command
        XCTAssertEqual(m.state.ladder?.asks, [], "nothing until the book is synced")
        XCTAssertEqual(m.state.ladder?.resyncing, false)

        publishBook(m, id: 10, bids: [level("99.98", "2"), level("99.97", "1"), level("99.94", "3")],
                    asks: [level("100.01", "1.5"), level("100.02", "0.5")])
        m.feed(trade(1, "100.01", "0.1", sell: false, second: 5))
        let ladder = try XCTUnwrap(m.state.ladder)
        XCTAssertEqual(ladder.bids.map(\.price), ["99.98", "99.97", "99.94"])
        XCTAssertEqual(ladder.asks.map(\.price), ["100.01", "100.02"])
        XCTAssertEqual(ladder.bids.map(\.cumulative), [2, 3, 6])
        XCTAssertEqual(ladder.spread, "0.03")
        XCTAssertEqual(ladder.asks.map(\.lastTrade), [true, false], "the last trade at the best ask")
        XCTAssertEqual(try XCTUnwrap(ladder.imbalance), (6 - 2) / 8.0, accuracy: 1e-9)

        // A diff the synced book did not take (a gap): resyncing, no levels, until the next book.
        m.feed(.event(.depthUpdate(DepthUpdate(symbol: btc, eventTime: 0, firstUpdateId: 12, finalUpdateId: 13, bids: [], asks: []))))
        XCTAssertEqual(m.state.ladder?.resyncing, true)
        XCTAssertEqual(m.state.ladder?.bids, [])
        publishBook(m, id: 20, bids: [level("99.99", "1")], asks: [level("100.00", "1")])
        XCTAssertEqual(m.state.ladder?.bids.map(\.price), ["99.99"])

        // `]` groups two ticks to a level, `[` goes back.
        publishBook(m, id: 21, bids: [level("99.99", "1"), level("99.98", "2"), level("99.97", "4")], asks: [level("100.01", "1")])
        m.press(.char("]"))
        XCTAssertEqual(m.state.ladder?.grouping, "tick × 2")
        XCTAssertEqual(m.state.ladder?.bids.map(\.price), ["99.98", "99.96"])
        XCTAssertEqual(m.state.ladder?.bids.map(\.size), [3, 4])
        m.press(.char("["))
        XCTAssertEqual(m.state.ladder?.grouping, "tick")

        // Paused, the ladder stays as it was while the book keeps moving underneath.
        m.press(.char("p"))
        let paused = m.state.ladder
        publishBook(m, id: 30, bids: [level("99.50", "9")], asks: [level("99.60", "9")])
        XCTAssertEqual(m.state.ladder, paused)
        m.press(.char("p"))
        XCTAssertEqual(m.state.ladder?.bids.map(\.price), ["99.50"])

        // The pane follows the selection; closing it stops the feed's book.
        XCTAssertEqual(m.press(.char("j")), [.unwatchFlow(btc), .watchFlow(eth)])
        XCTAssertEqual(m.state.ladder?.symbol, "ETHUSDT")
        XCTAssertEqual(m.press(.char("D")), [.unwatchFlow(eth)])
        XCTAssertNil(m.state.ladder)
    }

    // `T`
    func testTapeKeyShowsTradesNewestFirstCollapsedAndLargeOnesMarked() throws {
        let m = MonitorDriver()
        m.feedClosed("BTCUSDT", closes: [100])
        XCTAssertEqual(m.press(.char("T")), [.watchFlow(btc)])
        m.store.watchFlow(btc)
        XCTAssertEqual(m.state.tape?.rows, [])
        // Twenty small trades, then a burst of three buys at one price in one second, then a big sell.
        for i in 0..<20 { m.feed(trade(Int64(i), "100.0\(i % 10)", "0.01", sell: i % 2 == 0, second: 10 + Int64(i))) }
        for i in 0..<3 { m.feed(trade(100 + Int64(i), "100.50", "0.02", sell: false, second: 40)) }
        m.feed(trade(200, "100.40", "5", sell: true, second: 41))
        let tape = try XCTUnwrap(m.state.tape)
        XCTAssertEqual(tape.rows.count, 22)
        XCTAssertEqual(tape.rows[0], TapeView.Row(time: "00:00:41", price: "100.40", size: "5", buy: false, large: true))
        XCTAssertEqual(tape.rows[1], TapeView.Row(time: "00:00:40", price: "100.50", size: "0.06", buy: true, large: true, count: 3))
        XCTAssertFalse(tape.rows[2].large)
        XCTAssertEqual(m.press(.char("T")), [.unwatchFlow(btc)])
        XCTAssertNil(m.state.tape)
    }

    /// `[flow] large_trade_percentile` moves the threshold: at 50, half the trades stand out.
    func testTheLargeTradePercentileIsTheConfigured() throws {
        let m = MonitorDriver(largeTradePercentile: 50)
        m.feedClosed("BTCUSDT", closes: [100])
        m.press(.char("T"))
        m.store.watchFlow(btc)
        for i in 0..<20 { m.feed(trade(Int64(i), "100.00", i < 10 ? "0.01" : "0.02", sell: false, second: Int64(i))) }
        let tape = try XCTUnwrap(m.state.tape)
        XCTAssertEqual(tape.threshold, "large ≥ 0.02")
        XCTAssertEqual(tape.rows.filter(\.large).count, 10)
    }
}
