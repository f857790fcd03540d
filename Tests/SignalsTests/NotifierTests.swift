import Foundation
import MarketModel
import Synchronization
import XCTest
@testable import Signals

/// Captures what the notifier writes and presents.
final class NotifierProbe: Sendable {
    let bytes = Mutex<[UInt8]>([])
    let shown = Mutex<[SignalPresentation]>([])
    let now = Mutex<Int64>(SeriesFixture.base)

    var toasts: [SignalToast] {
        shown.withLock { $0.compactMap { if case .toast(let t) = $0 { t } else { nil } } }
    }

    var modals: [SignalModal] {
        shown.withLock { $0.compactMap { if case .modal(let m) = $0 { m } else { nil } } }
    }

    func notifier(_ settings: NotificationSettings, environment: [String: String] = [:],
                  log: @escaping @Sendable (String) -> Void = { _ in }) -> SignalNotifier {
        SignalNotifier(settings: settings, environment: environment, clock: { self.now.withLock { $0 } }, log: log,
                       terminal: { b in self.bytes.withLock { $0 += b } },
                       present: { p in self.shown.withLock { $0.append(p) } })
    }
}

final class NotifierTests: XCTestCase {
    typealias F = SeriesFixture

    func testToastModalBellAndOSCFollowTheSwitches() {
        let probe = NotifierProbe()
        let notifier = probe.notifier(NotificationSettings(enabled: [.toast, .modal, .bell, .osc9, .osc777], modalThreshold: 0.8))
        notifier.notify([F.signal(0, strength: 0.5), F.signal(1, direction: .bearish, strength: 0.9)])
        XCTAssertEqual(probe.toasts.count, 2)
        XCTAssertEqual(probe.toasts[1].direction, .bearish)
        XCTAssertEqual(probe.toasts[0].title, "BTCUSDT 1m bullish · rsi")
        XCTAssertEqual(probe.toasts[0].expiresAt - probe.toasts[0].createdAt, 5000)
        XCTAssertEqual(probe.modals.count, 1, "only the 0.9 signal reaches the modal threshold")
        let first = TerminalAlert.bell + TerminalAlert.osc9("thebot: BTCUSDT 1m bullish · rsi: RSI(14) fell below 30 (28.4).", tmux: false)
            + TerminalAlert.osc777(title: "thebot BTCUSDT 1m bullish · rsi", body: "RSI(14) fell below 30 (28.4).", tmux: false)
        XCTAssertEqual(Array(probe.bytes.withLock { $0 }.prefix(first.count)), first)

        probe.bytes.withLock { $0 = [] }
        XCTAssertFalse(notifier.toggle(.osc9))
        XCTAssertFalse(notifier.toggle(.osc777))
        notifier.setEnabled(.toast, false)
        notifier.notify([F.signal(2)])
        XCTAssertEqual(probe.bytes.withLock { $0 }, TerminalAlert.bell)
        XCTAssertEqual(probe.toasts.count, 2)
    }

    func testOSCIsWrappedForTmux() {
        let probe = NotifierProbe()
        let notifier = probe.notifier(NotificationSettings(enabled: [.osc9]), environment: ["TMUX": "/run/user/0/tmux-0/default,1,0"])
        notifier.notify([F.signal(0)])
        XCTAssertEqual(probe.bytes.withLock { $0 },
                       TerminalAlert.osc9("thebot: BTCUSDT 1m bullish · rsi: RSI(14) fell below 30 (28.4).", tmux: true))
    }

    func testBurstsAreCoalescedAndCounted() {
        let probe = NotifierProbe()
        let notifier = probe.notifier(NotificationSettings(enabled: [.toast], burstLimit: 5))
        notifier.notify((0..<8).map { F.signal($0) } + (0..<4).map { F.signal($0, symbol: "ETHUSDT") })
        XCTAssertEqual(probe.toasts.count, 5)
        notifier.flushSummary()
        let summary = probe.toasts.last
        XCTAssertEqual(summary?.title, "7 more signals")
        XCTAssertEqual(summary?.body, "ETHUSDT 4, BTCUSDT 3")
        XCTAssertEqual(summary?.count, 7)
        XCTAssertNil(summary?.signalID)
        // A new second: signals are shown one by one again.
        probe.now.withLock { $0 += 1000 }
        notifier.notify([F.signal(20)])
        XCTAssertEqual(probe.toasts.count, 7)
    }

    func testAHeldSummaryAppearsWithoutFurtherSignals() {
        let probe = NotifierProbe()
        let notifier = SignalNotifier(settings: NotificationSettings(enabled: [.toast], burstLimit: 2), environment: [:],
                                      terminal: { _ in }, present: { p in probe.shown.withLock { $0.append(p) } })
        notifier.notify((0..<5).map { F.signal($0) })
        XCTAssertEqual(probe.toasts.count, 2)
        let deadline = Date().addingTimeInterval(3)
        while probe.toasts.count < 3 && Date() < deadline { usleep(20_000) }
        XCTAssertEqual(probe.toasts.last?.title, "3 more signals")
    }
}
