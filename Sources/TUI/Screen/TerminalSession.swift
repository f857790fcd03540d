import CNCurses
import MarketModel
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import MarketModel
#endif

/// Process-wide terminal state: whether curses owns the terminal, the signal that asked us to
/// stop, and the self-pipe that wakes the UI thread. Signal handlers may only touch atomics and
/// write(2), so that is all they do; the UI loop sees the flag, restores the terminal and returns.
enum TerminalSession {
    /// 1 while curses owns the terminal.
    static let active = Atomic<Int32>(0)
    /// The last stop signal received (0: none).
    static let stopSignal = Atomic<Int32>(0)
    /// Write end of the wake pipe (-1 when none).
    static let wakeWriteFD = Atomic<Int32>(-1)
    static let atexitInstalled = Atomic<Bool>(false)
    /// Handlers that were in place before ours, put back on restore.
    static let savedHandlers = Locked<[Int32: sigaction]>([:])

    static let stopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    static func activate() {
        active.store(1, ordering: .sequentiallyConsistent)
        if atexitInstalled.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent).exchanged {
            atexit { TerminalSession.restore() }
        }
        installHandlers()
    }

    /// Ends curses once, whoever calls first (deinit, a signal, atexit, the loop).
    static func restore() {
        guard active.exchange(0, ordering: .sequentiallyConsistent) == 1 else { return }
        curs_set(1)
        endwin()
        restoreHandlers()
    }

    static func wake() {
        let fd = wakeWriteFD.load(ordering: .relaxed)
        guard fd >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
    }

    private static func installHandlers() {
        var saved: [Int32: sigaction] = [:]
        for sig in stopSignals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = onStopSignal
            #else
            action.__sigaction_u.__sa_handler = onStopSignal
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var old = sigaction()
            if sigaction(sig, &action, &old) == 0 { saved[sig] = old }
        }
        savedHandlers.withLock { current in
            // Keep the first saved set: a second activate() must not save our own handler.
            for (k, v) in saved where current[k] == nil { current[k] = v }
        }
    }

    private static func restoreHandlers() {
        let saved = savedHandlers.withLock { current -> [Int32: sigaction] in
            let copy = current
            current = [:]
            return copy
        }
        for (sig, old) in saved {
            var o = old
            sigaction(sig, &o, nil)
        }
    }
}

/// Async-signal-safe: an atomic store and a write(2), nothing else.
private let onStopSignal: @convention(c) (Int32) -> Void = { sig in
    TerminalSession.stopSignal.store(sig, ordering: .relaxed)
    TerminalSession.wake()
}
