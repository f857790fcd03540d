import Foundation
import MarketData
import MarketModel
import Signals
import XCTest
@testable import MarketState

/// Price alerts fire in the store, once, as signals of the batch whose price reached them.
final class PriceAlertFiringTests: XCTestCase {
    let btc = Symbol("BTCUSDT")!
    let base: Int64 = 1_767_225_600_000

    final class Collector: SeriesConsumer, @unchecked Sendable {
        // Safe: the store calls consumers one batch at a time under its lock, and the test reads
        // `signals` only after `receive` returned.
        var signals: [(update: Int, signal: Signal)] = []
        func seriesChanged(_ batch: SeriesBatch, store: SeriesStoreView) {
            for i in batch.updates.indices { for s in batch.signals(of: i) { signals.append((i, s)) } }
        }
    }

    func price(_ i: Int, _ close: Double, backfilled: Bool = false) -> StreamUpdate {
        let t = base + Int64(i) * 60_000
        let p = ExactDecimal(rounding: close, scale: 2)
        return .candle(Candle(symbol: btc, interval: .m1, openTime: t, closeTime: t + 59_999, open: p, high: p, low: p,
                              close: p, volume: ExactDecimal(1), isClosed: false), backfilled: backfilled)
    }

    func testAnAlertFiresOnceWhenThePriceReachesItFromItsSide() throws {
        let store = SeriesStore(settings: .init(venue: "test"), clock: { 1_767_300_000_000 })
        let collector = Collector()
        store.add(collector)
        let above = PriceAlert(symbol: btc, price: ExactDecimal(105), last: ExactDecimal(100), createdMs: 1)
        let below = PriceAlert(symbol: btc, price: ExactDecimal(95), last: ExactDecimal(100), createdMs: 2)
        XCTAssertEqual(above.side, .above)
        XCTAssertEqual(below.side, .below)
        store.setPriceAlerts([above, below])

        store.receive([price(0, 100), price(0, 104.99)])
        XCTAssertTrue(collector.signals.isEmpty, "nothing reached yet")
        // A backfilled bar is history, not a live price: it never fires an alert.
        store.receive([price(1, 200, backfilled: true)])
        XCTAssertTrue(collector.signals.isEmpty)

        store.receive([price(2, 101), price(2, 105.01), price(2, 106)])
        XCTAssertEqual(collector.signals.count, 1)
        let fired = try XCTUnwrap(collector.signals.first)
        XCTAssertEqual(fired.update, 1, "the signal belongs to the update that crossed")
        XCTAssertEqual(fired.signal.id, above.id)
        XCTAssertEqual(fired.signal.rule, PriceAlert.ruleName)
        XCTAssertEqual(fired.signal.direction, .bullish)
        XCTAssertEqual(fired.signal.price, ExactDecimal("105.01"))
        XCTAssertEqual(store.priceAlerts.map(\.id), [below.id], "a fired alert stops waiting")

        store.receive([price(3, 104), price(3, 107)])
        XCTAssertEqual(collector.signals.count, 1, "fires once")
        store.receive([price(4, 94.5)])
        XCTAssertEqual(collector.signals.map(\.signal.id), [above.id, below.id])
        XCTAssertEqual(collector.signals.last?.signal.direction, .bearish)
        XCTAssertTrue(store.priceAlerts.isEmpty)
    }

    func testRemovedAlertsDoNotFire() {
        let store = SeriesStore(settings: .init(venue: "test"), clock: { 1_767_300_000_000 })
        let collector = Collector()
        store.add(collector)
        let alert = PriceAlert(symbol: btc, price: ExactDecimal(105), last: ExactDecimal(100), createdMs: 1)
        store.add(alert)
        store.removePriceAlert(id: alert.id)
        store.receive([price(0, 110)])
        XCTAssertTrue(collector.signals.isEmpty)
    }
}
