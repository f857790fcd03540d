import XCTest
import Synchronization
@testable import TUI

/// A screen that replays scripted key batches and records frames; time is a fake clock that
/// advances by the timeout the loop asked to block for.
final class ScriptedScreen: InteractiveScreen {
    var size: (width: Int, height: Int) = (100, 30)
    var batches: [[Key]]
    var frames: [Buffer] = []
    var timeouts: [Int] = []
    var restored = 0
    var pendingSignal: Int32? = nil
    var colorMode: ColorMode = .palette256
    var supportsUnicode = true
    let clock: FakeClock

    init(batches: [[Key]], clock: FakeClock) {
        self.batches = batches
        self.clock = clock
    }

    func present(_ buffer: Buffer) { frames.append(buffer) }
    func refreshSize() {}
    func restore() { restored += 1 }

    func readKeys(timeoutMs: Int) -> [Key] {
        timeouts.append(timeoutMs)
        clock.advance(by: timeoutMs < 0 ? 1_000 : Int64(min(timeoutMs, 1_000)))
        if batches.isEmpty { return [.char("q")] }
        return batches.removeFirst()
    }
}

final class FakeClock: Sendable {
    let now = Atomic<Int64>(1_700_000_000_000)
    func advance(by ms: Int64) { now.add(ms, ordering: .relaxed) }
}

final class ActionLog: Sendable {
    let actions = Mutex<[KeyAction]>([])
    func append(_ a: KeyAction) { actions.withLock { $0.append(a) } }
    var all: [KeyAction] { actions.withLock { $0 } }
}

final class MonitorLoopTests: XCTestCase {
    func makeLoop(_ clock: FakeClock, _ log: ActionLog, themes: [Theme] = []) -> MonitorLoop {
        MonitorLoop(theme: .dark, themes: themes, clock: { clock.now.load(ordering: .relaxed) },
                    stateProvider: { MonitorState(nowMs: clock.now.load(ordering: .relaxed)) },
                    onAction: { log.append($0) })
    }

    func testKeysBecomeActionsAndQuitEndsTheLoop() {
        let clock = FakeClock(), log = ActionLog()
        let screen = ScriptedScreen(batches: [[.down, .char("j")], [.char("+")], [], [.char("q")]], clock: clock)
        let reason = makeLoop(clock, log).run(screen: screen)
        XCTAssertEqual(reason, .quit)
        XCTAssertEqual(log.all, [.down, .down, .zoomIn, .quit])
        XCTAssertGreaterThan(screen.restored, 0)
        XCTAssertFalse(screen.frames.isEmpty)
    }

    func testIntervalKeysAreDebouncedToTheLast() {
        let clock = FakeClock(), log = ActionLog()
        // 1, 2, 3 pressed together: only 3 is loaded.
        let screen = ScriptedScreen(batches: [[.char("1"), .char("2"), .char("3")], [], [], [], []], clock: clock)
        _ = makeLoop(clock, log).run(screen: screen)
        XCTAssertEqual(log.all.filter { if case .interval = $0 { return true }; return false }, [.interval(3)])
    }

    func testIdleLoopNeverSpins() {
        let clock = FakeClock(), log = ActionLog()
        let screen = ScriptedScreen(batches: Array(repeating: [], count: 20), clock: clock)
        _ = makeLoop(clock, log).run(screen: screen)
        // After the first frame, idle waits last until the next clock second, never 0 ms in a row.
        let zeros = zip(screen.timeouts, screen.timeouts.dropFirst()).filter { $0.0 == 0 && $0.1 == 0 }
        XCTAssertTrue(zeros.isEmpty, "\(screen.timeouts)")
        XCTAssertTrue(screen.timeouts.allSatisfy { $0 <= 1_000 })
        // One frame per clock second: about as many frames as idle seconds.
        XCTAssertLessThanOrEqual(screen.frames.count, 22)
    }

    func testSignalRestoresAndReturns() {
        let clock = FakeClock(), log = ActionLog()
        let screen = ScriptedScreen(batches: [[], []], clock: clock)
        screen.pendingSignal = SIGTERM
        XCTAssertEqual(makeLoop(clock, log).run(screen: screen), .signal(SIGTERM))
        XCTAssertEqual(screen.restored, 1)
        XCTAssertTrue(log.all.isEmpty)
    }

    func testMonochromeTerminalGetsTheMonochromeTheme() {
        let clock = FakeClock(), log = ActionLog()
        let screen = ScriptedScreen(batches: [[]], clock: clock)
        screen.colorMode = .monochrome
        let loop = makeLoop(clock, log)
        _ = loop.run(screen: screen)
        XCTAssertEqual(loop.currentTheme, .monochrome)
        XCTAssertTrue(screen.frames[0].cells.allSatisfy { $0.style.fg.isDefault && $0.style.bg.isDefault })
    }

    func testThemeCyclingAndStop() {
        let clock = FakeClock(), log = ActionLog()
        let light = ThemeLoader.parse("name = \"light\"\n[colors]\nbull = \"#00aa00\"\n", file: "light.toml").theme
        let screen = ScriptedScreen(batches: [[.char("t")], []], clock: clock)
        let loop = makeLoop(clock, log, themes: [.dark, light])
        _ = loop.run(screen: screen)
        XCTAssertEqual(loop.currentTheme.name, "light")
        XCTAssertTrue(log.all.contains(.nextTheme))

        let stopped = makeLoop(clock, log)
        stopped.stop()
        XCTAssertEqual(stopped.run(screen: ScriptedScreen(batches: [[]], clock: clock)), .stopped)
    }

    // The README's `t` row: the frame after the key is drawn in the next theme.
    func testThemeKeyDrawsTheNextFrameInTheNextTheme() {
        let clock = FakeClock(), log = ActionLog()
        let screen = ScriptedScreen(batches: [[], [.char("t")], [], []], clock: clock)
        let loop = makeLoop(clock, log, themes: [.dark, .monochrome])
        _ = loop.run(screen: screen)
        func colourless(_ frame: Buffer) -> Bool { frame.cells.allSatisfy { $0.style.fg.isDefault && $0.style.bg.isDefault } }
        XCTAssertFalse(colourless(screen.frames[0]), "dark draws in colour")
        XCTAssertTrue(colourless(screen.frames[screen.frames.count - 1]), "the frame after t is monochrome")
        XCTAssertEqual(loop.currentTheme, .monochrome)
        XCTAssertEqual(log.all, [.nextTheme, .quit])
    }

    // The README's `q`, Ctrl-C row, on the loop: either key ends it, after telling the app.
    func testCtrlCEndsTheLoopLikeQ() {
        let clock = FakeClock(), log = ActionLog()
        let screen = ScriptedScreen(batches: [[], [.ctrl("c")], [.char("j")]], clock: clock)
        XCTAssertEqual(makeLoop(clock, log).run(screen: screen), .quit)
        XCTAssertEqual(log.all, [.quit], "keys after quit are not read")
        XCTAssertGreaterThan(screen.restored, 0)
    }
}
