import XCTest
@testable import MarketData

/// The status bar's msg/s: smoothed over a window, never zero while frames arrive.
final class RateWindowTests: XCTestCase {
    func testABurstyFeedNeverReadsZeroWhileFramesArrive() {
        // The watchdog samples four times a second; a kline stream sends a frame every 1.5 s.
        var window = RateWindow(seconds: 5)
        var count = 0
        var rates: [Double] = []
        for tick in 0..<200 {
            let now = Double(tick) * 0.25
            if tick % 6 == 0 { count += 1 }
            let rate = window.sample(count: count, now: now)
            if now >= 2 { rates.append(rate) }
        }
        XCTAssertFalse(rates.contains(0), "a frame every 1.5 s never reads 0 msg/s: \(rates.prefix(20))")
        // Over a full window the rate is the true one, 1/1.5 = 0.67 msg/s, within one frame.
        let last = rates.last ?? 0
        XCTAssertEqual(last, 1 / 1.5, accuracy: 1 / 5, "steady rate \(last)")
    }

    func testTheRateFollowsAChangeWithinTheWindow() {
        var window = RateWindow(seconds: 5)
        var count = 0
        for tick in 0...40 { count += 25; window.sample(count: count, now: Double(tick) * 0.25) }  // 100 msg/s
        XCTAssertEqual(window.rate, 100, accuracy: 0.001)
        for tick in 41...80 { count += 250; window.sample(count: count, now: Double(tick) * 0.25) }  // 1000 msg/s
        XCTAssertEqual(window.rate, 1000, accuracy: 0.001, "after a whole window at the new rate")
    }

    func testSilenceReadsZeroOnceTheWindowHasPassed() {
        var window = RateWindow(seconds: 5)
        window.sample(count: 0, now: 0)
        window.sample(count: 50, now: 1)
        XCTAssertEqual(window.rate, 50, accuracy: 0.001)
        for t in 2...8 { window.sample(count: 50, now: Double(t)) }
        XCTAssertEqual(window.rate, 0, "no frame for a whole window")
    }

    func testNoSampleSpanGivesZeroNotNaN() {
        var window = RateWindow()
        XCTAssertEqual(window.rate, 0)
        window.sample(count: 10, now: 3)
        XCTAssertEqual(window.rate, 0)
    }
}
