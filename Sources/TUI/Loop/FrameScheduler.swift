/// Decides when to draw. Pure and clock-free (every call takes `now` in ms), so tests drive it.
///
/// - Market data marks the frame dirty; a dirty frame is drawn at most once per refresh interval,
///   so a burst of updates becomes one frame.
/// - Keyboard input redraws after a short debounce, not the refresh interval: the screen answers
///   the hand promptly, and a held key does not queue a frame per repeat.
/// - A resize relayouts after its own debounce (terminals send several while dragging).
/// - The clock in the status bar needs a frame each second; nothing else wakes an idle monitor.
public struct FrameScheduler: Sendable, Equatable {
    public static let refreshChoices = [100, 500, 1000]

    public var refreshMs: Int64
    public private(set) var dirty = false
    public private(set) var lastDraw: Int64?
    public private(set) var input: Debouncer
    public private(set) var resize: Debouncer
    /// The clock shows seconds, so a frame is due at every second boundary.
    public var tickClock: Bool

    public init(refreshMs: Int = 500, inputDebounceMs: Int = 100, resizeDebounceMs: Int = 120, tickClock: Bool = true) {
        self.refreshMs = Int64(max(10, refreshMs))
        input = Debouncer(delayMs: Int64(inputDebounceMs), maxWaitMs: Int64(inputDebounceMs) * 2)
        resize = Debouncer(delayMs: Int64(resizeDebounceMs), maxWaitMs: Int64(resizeDebounceMs) * 3)
        self.tickClock = tickClock
    }

    public static func nextRefresh(after ms: Int) -> Int {
        let choices = refreshChoices
        guard let i = choices.firstIndex(of: ms) else { return choices[1] }
        return choices[(i + 1) % choices.count]
    }

    public mutating func markDirty() { dirty = true }
    public mutating func noteInput(at now: Int64) { input.note(at: now) }
    public mutating func noteResize(at now: Int64) { resize.note(at: now) }
    public var resizePending: Bool { resize.isPending }

    /// When the next frame is due, or nil when nothing needs drawing.
    /// - Parameter extraDeadline: another moment a frame is needed (a toast expiring).
    public func nextDeadline(now: Int64, extraDeadline: Int64? = nil) -> Int64? {
        guard let lastDraw else { return now }
        var candidates: [Int64] = []
        if dirty { candidates.append(lastDraw + refreshMs) }
        if let d = input.deadline { candidates.append(d) }
        if let d = resize.deadline { candidates.append(d) }
        if let d = extraDeadline { candidates.append(d) }
        if tickClock { candidates.append((lastDraw / 1000 + 1) * 1000) }
        return candidates.min()
    }

    public func shouldDraw(at now: Int64, extraDeadline: Int64? = nil) -> Bool {
        guard let deadline = nextDeadline(now: now, extraDeadline: extraDeadline) else { return false }
        return now >= deadline
    }

    /// How long the UI thread may block waiting for input: ms until the next frame, or -1 to block
    /// until input arrives (only when nothing at all is due).
    public func nextTimeout(now: Int64, extraDeadline: Int64? = nil) -> Int {
        guard let deadline = nextDeadline(now: now, extraDeadline: extraDeadline) else { return -1 }
        return Int(max(0, min(Int64(Int32.max), deadline - now)))
    }

    public mutating func didDraw(at now: Int64) {
        lastDraw = now
        dirty = false
        input.reset()
        resize.reset()
    }
}
