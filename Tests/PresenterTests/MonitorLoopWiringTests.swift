import MarketModel
import MarketState
import Presenter
import TUI
import XCTest

/// A screen that hands the loop scripted key batches, keeps every frame, and moves a fake clock
/// by whatever the loop asked to wait.
private final class ScriptedScreen: InteractiveScreen {
    let size: (width: Int, height: Int) = (160, 48)
    var batches: [[Key]]
    var frames: [Buffer] = []
    let pendingSignal: Int32? = nil
    let colorMode: ColorMode = .palette256
    let supportsUnicode = true
    let clock: Locked<Int64>

    init(batches: [[Key]], clock: Locked<Int64>) {
        self.batches = batches
        self.clock = clock
    }

    func present(_ buffer: Buffer) { frames.append(buffer) }
    func refreshSize() {}
    func restore() {}

    func readKeys(timeoutMs: Int) -> [Key] {
        clock.withLock { $0 += timeoutMs < 0 ? 1_000 : Int64(min(timeoutMs, 1_000)) }
        return batches.isEmpty ? [.char("q")] : batches.removeFirst()
    }
}

/// The presenter behind the real UI loop, wired as the monitor wires it: keys become actions in
/// the loop, the presenter turns them into commands and the next frames show their effect.
final class MonitorLoopWiringTests: XCTestCase {
    func testKeysThroughTheLoopReachThePresenterAndTheFrames() {
        let clock = Locked<Int64>(MonitorDriver.start)
        let commands = Locked<[MonitorPresenter.Command]>([])
        let presenter = MonitorPresenter(symbols: [Symbol("BTCUSDT")!, Symbol("ETHUSDT")!], intervals: [.m1, .m5],
                                         specs: [], store: SeriesStore(settings: .init(venue: "test", capacity: 100)),
                                         refreshMilliseconds: 100, isDemo: true,
                                         endpointLabel: "test")
        let loop = MonitorLoop(theme: .dark, clock: { clock.withLock { $0 } },
                               stateProvider: { presenter.snapshot(nowMs: clock.withLock { $0 }) },
                               onAction: { action in
                                   let produced = presenter.handle(action, nowMs: clock.withLock { $0 })
                                   commands.withLock { $0 += produced }
                               })
        // j selects ETHUSDT; 1 then 2 pressed together load only 5m; ? opens the help.
        let screen = ScriptedScreen(batches: [[], [.char("j")], [.char("1"), .char("2")], [], [], [], [.char("?")], [], []],
                                    clock: clock)
        XCTAssertEqual(loop.run(screen: screen), .quit)

        let symbols = [Symbol("BTCUSDT")!, Symbol("ETHUSDT")!]
        XCTAssertEqual(commands.withLock { $0 }, [.unwatch(symbols, .m1), .watch(symbols, .m5), .quit])
        let state = presenter.snapshot(nowMs: clock.withLock { $0 })
        XCTAssertEqual(state.chart?.symbol, "ETHUSDT")
        XCTAssertEqual(state.chart?.interval, .m5)
        let last = screen.frames.last?.textLines().joined(separator: "\n") ?? ""
        XCTAssertTrue(last.contains("refresh rate 100/500/1000 ms"), "the help overlay is drawn:\n\(last)")
    }
}
