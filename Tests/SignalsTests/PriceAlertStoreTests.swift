import Foundation
import MarketModel
import XCTest
@testable import Signals

/// Price alerts in the signal database: kept across opens, deleted on request, and marked fired
/// in the same transaction that stores the signal they fire.
final class PriceAlertStoreTests: XCTestCase {
    func path() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-alerts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir.appendingPathComponent("signals.sqlite").path
    }

    func testAlertsSurviveReopeningAndStopWaitingOnceFired() throws {
        let file = try path()
        let btc = Symbol("BTCUSDT")!
        let a = PriceAlert(symbol: btc, price: ExactDecimal("70000.5")!, last: ExactDecimal(69_000), createdMs: 10)
        let b = PriceAlert(symbol: btc, price: ExactDecimal(60_000), last: ExactDecimal(69_000), createdMs: 20)
        do {
            let store = try SignalStore(path: file)
            try store.add(a)
            try store.add(b)
            try store.add(a)  // the same alert again changes nothing
        }
        let reopened = try SignalStore(path: file)
        XCTAssertEqual(try reopened.activePriceAlerts(), [a, b])

        try reopened.append(a.signal(last: ExactDecimal("70001")!, interval: .m1, time: 1_000))
        XCTAssertEqual(try reopened.activePriceAlerts(), [b])
        XCTAssertEqual(try reopened.signals().map(\.id), [a.id], "the signal row and the fired alert are one record")

        try reopened.deletePriceAlert(id: b.id)
        XCTAssertEqual(try reopened.activePriceAlerts(), [])
    }

    func testAConfiguredAlertKeepsItsIdentityAcrossRestarts() throws {
        let btc = Symbol("BTCUSDT")!
        let one = PriceAlert.configured(symbol: btc, side: .above, price: ExactDecimal(70_000))
        let again = PriceAlert.configured(symbol: btc, side: .above, price: ExactDecimal(70_000))
        let other = PriceAlert.configured(symbol: btc, side: .below, price: ExactDecimal(70_000))
        XCTAssertEqual(one.id, again.id)
        XCTAssertNotEqual(one.id, other.id)

        let store = try SignalStore(path: try path())
        try store.add(one)
        try store.append(one.signal(last: ExactDecimal(70_010), interval: .m1, time: 5))
        try store.add(again)  // the config is read again at the next start
        XCTAssertEqual(try store.activePriceAlerts(), [], "a configured alert that fired stays fired")
    }
}
