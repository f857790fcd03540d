import MarketModel
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The UI loop: reads keys, forwards actions, and draws frames when the scheduler says so.
/// It runs on the thread that calls `run` (give it a dedicated Thread: it blocks in poll between
/// frames, which is what keeps an idle monitor at zero CPU). Other threads talk to it only
/// through `markDirty`, `setTheme` and `stop`.
///
/// `@unchecked Sendable`: the mutable state (`renderer`, `themes`, `themeIndex`, the screen made
/// inside `run`) is touched only by the thread inside `run`; the cross-thread entry points use
/// `Atomic` and `Locked` only.
public final class MonitorLoop: @unchecked Sendable {
    public enum ExitReason: Equatable, Sendable {
        /// The user pressed quit (the `.quit` action was forwarded first).
        case quit
        /// SIGINT, SIGTERM or SIGHUP arrived; the terminal is restored. Exit with 128 + signal.
        case signal(Int32)
        /// `stop()` was called.
        case stopped
    }

    private let stateProvider: @Sendable () -> MonitorState
    private let onAction: @Sendable (KeyAction) -> Void
    private let clock: @Sendable () -> Int64
    private let keyMap: KeyMap
    private let forceASCII: Bool
    private var renderer: MonitorRenderer
    private var themes: [Theme]
    private var themeIndex = 0
    private let dirty = Atomic<Bool>(false)
    private let stopRequested = Atomic<Bool>(false)
    private let pendingTheme = Locked<Theme?>(nil)

    /// Frames drawn so far (for tests and the debug overlay).
    public private(set) var framesDrawn = 0

    /// - Parameters:
    ///   - theme: the theme to start with.
    ///   - themes: the themes `t` cycles through (empty: the app handles `.nextTheme` by calling `setTheme`).
    ///   - stateProvider: called on the UI thread once per frame; must be cheap and must not block.
    ///   - onAction: called on the UI thread for every key action; must not block (hand work off).
    public init(theme: Theme, themes: [Theme] = [], keyMap: KeyMap = .default, forceASCII: Bool = false,
                clock: @escaping @Sendable () -> Int64 = wallClockMilliseconds,
                stateProvider: @escaping @Sendable () -> MonitorState,
                onAction: @escaping @Sendable (KeyAction) -> Void) {
        self.stateProvider = stateProvider
        self.onAction = onAction
        self.clock = clock
        self.keyMap = keyMap
        self.forceASCII = forceASCII
        self.themes = themes
        themeIndex = themes.firstIndex(where: { $0.name == theme.name }) ?? 0
        renderer = MonitorRenderer(theme: theme, ascii: forceASCII, keyMap: keyMap)
    }

    /// New data: draw at the next refresh tick. Any thread; cheap enough to call per message.
    public func markDirty() {
        if !dirty.exchange(true, ordering: .acquiringAndReleasing) { TerminalSession.wake() }
    }

    /// Switches theme at the next frame. Any thread.
    public func setTheme(_ theme: Theme) {
        pendingTheme.withLock { $0 = theme }
        markDirty()
    }

    /// Makes `run` restore the terminal and return `.stopped`. Any thread.
    public func stop() {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        TerminalSession.wake()
    }

    /// Creates the screen on this thread (ncurses must live on one thread) and runs until quit.
    /// Rethrows the screen's error (a `ScreenError` sentence for NCursesScreen).
    public func run(makeScreen: () throws -> any InteractiveScreen) throws -> ExitReason {
        let screen = try makeScreen()
        defer { screen.restore() }
        return run(screen: screen)
    }

    public func run(screen: any InteractiveScreen) -> ExitReason {
        renderer.ascii = forceASCII || !screen.supportsUnicode
        let monochrome = screen.colorMode == .monochrome
        func effective(_ t: Theme) -> Theme { monochrome && !t.isMonochrome ? .monochrome : t }
        renderer.theme = effective(renderer.theme)

        var scheduler = FrameScheduler(refreshMs: 500, inputDebounceMs: 50)
        var intervalDebounce = Debouncer(delayMs: 100, maxWaitMs: 300)
        var pendingInterval: Int? = nil
        var toastDeadline: Int64? = nil
        var inputState: MonitorState? = nil

        while true {
            if stopRequested.load(ordering: .sequentiallyConsistent) {
                screen.restore()
                return .stopped
            }
            if let sig = screen.pendingSignal {
                screen.restore()
                return .signal(sig)
            }
            var now = clock()
            if let t = pendingTheme.withLock({ p -> Theme? in defer { p = nil }; return p }) {
                renderer.theme = effective(t)
                scheduler.noteInput(at: now)
            }
            if dirty.exchange(false, ordering: .acquiringAndReleasing) { scheduler.markDirty() }
            if let n = pendingInterval, intervalDebounce.isDue(at: now) {
                pendingInterval = nil
                intervalDebounce.reset()
                onAction(.interval(n))
            }
            let extra = [toastDeadline, intervalDebounce.deadline].compactMap { $0 }.min()
            if scheduler.shouldDraw(at: now, extraDeadline: extra) {
                if scheduler.resizePending { screen.refreshSize() }
                let state = stateProvider()
                scheduler.refreshMs = Int64(max(10, state.refreshMilliseconds))
                let size = screen.size
                screen.present(renderer.render(state, width: size.width, height: size.height))
                framesDrawn += 1
                now = clock()
                scheduler.didDraw(at: now)
                toastDeadline = Toasts.nextExpiry(state.toasts, after: state.nowMs).map { $0 - state.nowMs + now }
                inputState = state
            }
            let timeout = scheduler.nextTimeout(now: now, extraDeadline: [toastDeadline, intervalDebounce.deadline].compactMap { $0 }.min())
            let keys = screen.readKeys(timeoutMs: timeout)
            let keyTime = clock()
            for key in keys {
                if key == .resize {
                    scheduler.noteResize(at: keyTime)
                    continue
                }
                let textEntry = inputState?.picker != nil
                guard let action = textEntry ? keyMap.textEntryAction(for: key) : keyMap.action(for: key) else { continue }
                if case .interval(let n) = action {
                    // Several presses in a row only load the last interval.
                    pendingInterval = n
                    intervalDebounce.note(at: keyTime)
                    continue
                }
                if action == .nextTheme && !themes.isEmpty {
                    themeIndex = (themeIndex + 1) % themes.count
                    renderer.theme = effective(themes[themeIndex])
                }
                onAction(action)
                if action == .quit {
                    screen.restore()
                    return .quit
                }
                if [.addSymbol, .indicatorPicker, .priceAlert, .alertList, .escape, .enter].contains(action) {
                    // The next key may be text for a picker that just opened (or closed).
                    inputState = stateProvider()
                }
                scheduler.noteInput(at: keyTime)
            }
        }
    }

    /// The current theme (UI thread only).
    public var currentTheme: Theme { renderer.theme }
}
