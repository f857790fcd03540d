import XCTest
@testable import TUI

final class FrameSchedulerTests: XCTestCase {
    func testFirstFrameIsImmediate() {
        let s = FrameScheduler(refreshMs: 500)
        XCTAssertTrue(s.shouldDraw(at: 1_000))
        XCTAssertEqual(s.nextTimeout(now: 1_000), 0)
    }

    func testBurstOfUpdatesCollapsesIntoOneFramePerRefreshInterval() {
        var s = FrameScheduler(refreshMs: 500, tickClock: false)
        s.didDraw(at: 10_000)
        var frames = 0
        // 1000 updates spread over 2 s.
        for i in 0..<1000 {
            let now = Int64(10_000 + i * 2)
            s.markDirty()
            if s.shouldDraw(at: now) {
                frames += 1
                s.didDraw(at: now)
            }
        }
        XCTAssertEqual(frames, 3, "frames at 10.5 s, 11.0 s, 11.5 s")
    }

    func testRefreshIntervalChoice() {
        var s = FrameScheduler(refreshMs: 100, tickClock: false)
        s.didDraw(at: 0)
        s.markDirty()
        XCTAssertFalse(s.shouldDraw(at: 99))
        XCTAssertTrue(s.shouldDraw(at: 100))
        XCTAssertEqual(s.nextTimeout(now: 40), 60)
        XCTAssertEqual(FrameScheduler.nextRefresh(after: 100), 500)
        XCTAssertEqual(FrameScheduler.nextRefresh(after: 500), 1000)
        XCTAssertEqual(FrameScheduler.nextRefresh(after: 1000), 100)
    }

    func testIdleBlocksIndefinitelyWithoutClockAndUntilTheNextSecondWithIt() {
        var s = FrameScheduler(refreshMs: 500, tickClock: false)
        s.didDraw(at: 5_250)
        XCTAssertFalse(s.shouldDraw(at: 9_000))
        XCTAssertEqual(s.nextTimeout(now: 5_300), -1)
        var c = FrameScheduler(refreshMs: 500, tickClock: true)
        c.didDraw(at: 5_250)
        XCTAssertEqual(c.nextTimeout(now: 5_300), 700, "wake for the clock at 6.000")
        XCTAssertFalse(c.shouldDraw(at: 5_999))
        XCTAssertTrue(c.shouldDraw(at: 6_000))
    }

    func testToastExpiryIsADeadline() {
        var s = FrameScheduler(refreshMs: 1000, tickClock: false)
        s.didDraw(at: 0)
        XCTAssertEqual(s.nextTimeout(now: 100, extraDeadline: 5_000), 4_900)
        XCTAssertTrue(s.shouldDraw(at: 5_000, extraDeadline: 5_000))
    }

    func testKeyboardInputIsDebounced() {
        var s = FrameScheduler(refreshMs: 1000, inputDebounceMs: 100, tickClock: false)
        s.didDraw(at: 0)
        s.noteInput(at: 1_000)
        s.noteInput(at: 1_060)
        XCTAssertFalse(s.shouldDraw(at: 1_100), "a key 60 ms later pushed the frame back")
        XCTAssertTrue(s.shouldDraw(at: 1_160))
        // A held key (every 30 ms) still draws within the maximum wait (200 ms).
        var h = FrameScheduler(refreshMs: 1000, inputDebounceMs: 100, tickClock: false)
        h.didDraw(at: 0)
        var drewAt: Int64? = nil
        for t in stride(from: Int64(2_000), to: 2_500, by: 30) {
            h.noteInput(at: t)
            if h.shouldDraw(at: t) { drewAt = t; break }
        }
        XCTAssertEqual(drewAt, 2_210)
    }

    func testResizeIsDebounced() {
        var s = FrameScheduler(refreshMs: 1000, resizeDebounceMs: 120, tickClock: false)
        s.didDraw(at: 0)
        s.noteResize(at: 500)
        XCTAssertTrue(s.resizePending)
        XCTAssertFalse(s.shouldDraw(at: 600))
        XCTAssertTrue(s.shouldDraw(at: 620))
        s.didDraw(at: 620)
        XCTAssertFalse(s.resizePending)
    }

    func testDebouncer() {
        var d = Debouncer(delayMs: 100, maxWaitMs: 300)
        XCTAssertNil(d.deadline)
        d.note(at: 0)
        d.note(at: 90)
        XCTAssertEqual(d.deadline, 190)
        d.note(at: 250)
        XCTAssertEqual(d.deadline, 300, "capped by the maximum wait")
        d.reset()
        XCTAssertFalse(d.isDue(at: 10_000))
    }
}
