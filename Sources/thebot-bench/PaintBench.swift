import Foundation
import Synchronization
import TUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Compose and paint a 200x60 frame with the monitor's own code, onto a real ncurses screen.
///
/// The screen is the monitor's `NCursesScreen` (ncurses `newterm` on the process's stdin and
/// stdout, TERM=xterm-256color, a UTF-8 locale), made while stdin and stdout are the slave of a
/// pseudo-terminal of 200x60 whose master another thread reads and throws away, as a terminal
/// emulator would. Each measured frame is what the monitor's loop does per frame: the market
/// moves (`FrameBench.tick`), `MonitorRenderer.render` composes the whole frame,
/// `NCursesScreen.present` diffs it against the frame before and paints the changed cells
/// (`mvadd_wch`), then `wrefresh` has ncurses write the update to the terminal (its
/// `doupdate`, a write(2) to the pty). Wall time, CLOCK_MONOTONIC, per frame; `_cpu_*` is the
/// same span on the thread's CPU clock (what is left when preemption on a busy box is taken out).
///
/// Two colour paths, as the monitor picks them: `compose_paint_200x60_*` is 256 colours through
/// ncurses (COLORTERM unset); `compose_paint_200x60_truecolor_*` is COLORTERM=truecolor, where
/// the monitor sends 24-bit SGR itself and ncurses only owns the terminal.
///
/// Environment: FRAME_PAINT_FRAMES (measured frames per path, default 2 000),
/// FRAME_PAINT_WARMUP (frames before them, default 200), FRAME_PAINT_TRUECOLOR=0 skips the
/// true-colour path, FRAME_PAINT_CAPTURE=path saves what the terminal received (each path's
/// bytes, the true-colour path's to path.truecolor) to look at with a terminal emulator.
enum PaintBench {
    static let width = 200
    static let height = 60

    static func run() -> [String] {
        let env = ProcessInfo.processInfo.environment
        let frames = max(1, env["FRAME_PAINT_FRAMES"].flatMap { Int($0) } ?? 2_000)
        let warmup = max(1, env["FRAME_PAINT_WARMUP"].flatMap { Int($0) } ?? 200)
        var lines = measure(prefix: "compose_paint_200x60", colorterm: nil, frames: frames, warmup: warmup)
        if env["FRAME_PAINT_TRUECOLOR"] != "0" {
            lines += measure(prefix: "compose_paint_200x60_truecolor", colorterm: "truecolor", frames: frames, warmup: warmup)
        }
        return lines
    }

    private static func measure(prefix: String, colorterm: String?, frames: Int, warmup: Int) -> [String] {
        var capture = ProcessInfo.processInfo.environment["FRAME_PAINT_CAPTURE"].flatMap { $0.isEmpty ? nil : $0 }
        if colorterm != nil { capture = capture.map { $0 + ".truecolor" } }
        guard let pty = PseudoTerminal(width: width, height: height, capture: capture) else {
            return ["\(prefix) failed: cannot open a pseudo-terminal (errno \(errno))"]
        }
        defer { pty.close() }
        var result: [String] = []
        let failure: String? = TerminalRedirect.with(pty.slave, environment: [
            "TERM": "xterm-256color", "COLORTERM": colorterm, "LC_ALL": "C.UTF-8", "LINES": nil, "COLUMNS": nil,
        ]) {
            let screen: NCursesScreen
            do {
                screen = try NCursesScreen()
            } catch {
                return "\(error)"
            }
            defer { screen.restore() }
            guard screen.size.width == width, screen.size.height == height else {
                return "the screen is \(screen.size.width)x\(screen.size.height), not \(width)x\(height)"
            }
            result = paint(screen: screen, pty: pty, prefix: prefix, frames: frames, warmup: warmup)
            return nil
        }
        if let failure { return ["\(prefix) failed: \(failure)"] }
        return result
    }

    private static func paint(screen: NCursesScreen, pty: PseudoTerminal, prefix: String, frames: Int, warmup: Int) -> [String] {
        var state = SampleState.make(candles: 500)
        state.chart?.zoom = 500
        // As `MonitorLoop.run` sets up its renderer for the screen.
        var renderer = MonitorRenderer(theme: .dark)
        renderer.ascii = !screen.supportsUnicode
        if screen.colorMode == .monochrome { renderer.theme = .monochrome }

        // The first frame is painted whole (ncurses clears, then writes every cell).
        let fullStart = pty.bytesRead
        screen.present(renderer.render(state, width: width, height: height))
        pty.waitUntilQuiet()
        let fullBytes = pty.bytesRead - fullStart
        for i in 0..<warmup {
            FrameBench.tick(&state, step: i)
            screen.present(renderer.render(state, width: width, height: height))
        }
        pty.waitUntilQuiet()

        var total = [UInt64](repeating: 0, count: frames)
        var compose = [UInt64](repeating: 0, count: frames)
        var cpu = [UInt64](repeating: 0, count: frames)
        let startBytes = pty.bytesRead
        let start = now()
        for i in 0..<frames {
            FrameBench.tick(&state, step: warmup + i)
            let c0 = threadCPU()
            let t0 = now()
            let frame = renderer.render(state, width: width, height: height)
            let t1 = now()
            screen.present(frame)
            let t2 = now()
            cpu[i] = threadCPU() &- c0
            total[i] = t2 &- t0
            compose[i] = t1 &- t0
        }
        let wall = Double(now() - start) / 1e9
        pty.waitUntilQuiet()
        let bytes = pty.bytesRead - startBytes
        let paint = zip(total, compose).map { $0 &- $1 }

        total.sort()
        compose.sort()
        cpu.sort()
        let paintSorted = paint.sorted()
        func us(_ ns: UInt64) -> String { String(format: "%.1f", Double(ns) / 1000) }
        func pct(_ v: [UInt64], _ p: Double) -> UInt64 { v[min(v.count - 1, Int((Double(v.count) * p / 100).rounded(.up)) - 1)] }
        let meanNs = Double(total.reduce(0, +)) / Double(frames)
        return [
            "\(prefix)_p50_us \(us(pct(total, 50)))",
            "\(prefix)_p99_us \(us(pct(total, 99)))",
            "\(prefix)_max_us \(us(total.last!))",
            "\(prefix)_mean_us \(String(format: "%.1f", meanNs / 1000))",
            "\(prefix)_paint_p50_us \(us(pct(paintSorted, 50)))",
            "\(prefix)_paint_p99_us \(us(pct(paintSorted, 99)))",
            "\(prefix)_compose_p50_us \(us(pct(compose, 50)))",
            "\(prefix)_cpu_p50_us \(us(pct(cpu, 50)))",
            "\(prefix)_cpu_p99_us \(us(pct(cpu, 99)))",
            "\(prefix)_bytes_per_frame \(Int((Double(bytes) / Double(frames)).rounded()))",
            "\(prefix)_first_frame_bytes \(fullBytes)",
            "\(prefix)_frames \(frames)",
            "\(prefix)_warmup_frames \(warmup + 1)",
            "\(prefix)_frames_per_s \(Int(Double(frames) / max(wall, 1e-9)))",
            "\(prefix)_color_mode \(screen.colorMode)",
            "\(prefix)_output pty",
        ]
    }

    /// This thread's CPU time: a frame's wall time less the moments another process held the core.
    private static func threadCPU() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    private static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// A pseudo-terminal of a given size; a thread reads its master side and counts the bytes.
final class PseudoTerminal: Sendable {
    let master: Int32
    let slave: Int32
    private let count = Atomic<Int>(0)
    private let finished = DispatchSemaphore(value: 0)

    private let captureFD: Int32

    /// - Parameter capture: a file that receives every byte read (nil: the bytes are thrown away).
    init?(width: Int, height: Int, capture: String? = nil) {
        let master = PTY.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0 else { return nil }
        guard PTY.grantpt(master) == 0, PTY.unlockpt(master) == 0, let name = PTY.ptsname(master) else {
            closeDescriptor(master)
            return nil
        }
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            closeDescriptor(master)
            return nil
        }
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        self.master = master
        self.slave = slave
        captureFD = capture.map { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) } ?? -1
        let thread = Thread { [self] in drain() }
        thread.name = "pty-drain"
        thread.start()
    }

    /// Bytes the terminal side has read so far.
    var bytesRead: Int { count.load(ordering: .acquiring) }

    /// Waits until nothing has arrived for 50 ms (at most 5 s): everything written is counted.
    func waitUntilQuiet() {
        var last = bytesRead
        var quietSince = Date()
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            usleep(5_000)
            let n = bytesRead
            if n != last {
                last = n
                quietSince = Date()
            } else if Date().timeIntervalSince(quietSince) >= 0.05 {
                return
            }
        }
    }

    /// Closes the slave (the reader then sees EIO and ends), waits for the reader, closes the master.
    func close() {
        closeDescriptor(slave)
        finished.wait()
        closeDescriptor(master)
        if captureFD >= 0 { closeDescriptor(captureFD) }
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n > 0 {
                if captureFD >= 0 { _ = buffer.withUnsafeBytes { write(captureFD, $0.baseAddress, n) } }
                count.add(n, ordering: .releasing)
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        finished.signal()
    }
}

/// Runs a body with stdin and stdout on a terminal and some environment variables set (nil:
/// unset), then puts the descriptors, the variables and the locale back.
enum TerminalRedirect {
    static func with<T>(_ terminal: Int32, environment: [String: String?], _ body: () -> T) -> T {
        fflush(nil)
        let savedIn = dup(STDIN_FILENO)
        let savedOut = dup(STDOUT_FILENO)
        let savedLocale = setlocale(LC_ALL, nil).map { String(cString: $0) }
        var savedEnv: [String: String?] = [:]
        for (key, value) in environment {
            savedEnv[key] = getenv(key).map { String(cString: $0) }
            if let value { setenv(key, value, 1) } else { unsetenv(key) }
        }
        dup2(terminal, STDIN_FILENO)
        dup2(terminal, STDOUT_FILENO)
        defer {
            fflush(nil)
            dup2(savedIn, STDIN_FILENO)
            dup2(savedOut, STDOUT_FILENO)
            close(savedIn)
            close(savedOut)
            for (key, value) in savedEnv {
                if let value { setenv(key, value, 1) } else { unsetenv(key) }
            }
            if let savedLocale { setlocale(LC_ALL, savedLocale) }
        }
        return body()
    }
}

private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}

/// posix_openpt, grantpt, unlockpt and ptsname: Swift's Glibc module leaves them out (they need
/// _XOPEN_SOURCE), so on Linux they are looked up in the C library at run time.
private enum PTY {
    #if canImport(Darwin)
    static func openpt(_ flags: Int32) -> Int32 { posix_openpt(flags) }
    static func grantpt(_ fd: Int32) -> Int32 { Darwin.grantpt(fd) }
    static func unlockpt(_ fd: Int32) -> Int32 { Darwin.unlockpt(fd) }
    static func ptsname(_ fd: Int32) -> UnsafeMutablePointer<CChar>? { Darwin.ptsname(fd) }
    #else
    private typealias IntFunction = @convention(c) (Int32) -> Int32
    private typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    private static func symbol<F>(_ name: String, as type: F.Type) -> F? {
        guard let address = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(address, to: type)
    }

    static func openpt(_ flags: Int32) -> Int32 { symbol("posix_openpt", as: IntFunction.self)?(flags) ?? -1 }
    static func grantpt(_ fd: Int32) -> Int32 { symbol("grantpt", as: IntFunction.self)?(fd) ?? -1 }
    static func unlockpt(_ fd: Int32) -> Int32 { symbol("unlockpt", as: IntFunction.self)?(fd) ?? -1 }
    static func ptsname(_ fd: Int32) -> UnsafeMutablePointer<CChar>? { symbol("ptsname", as: NameFunction.self)?(fd) ?? nil }
    #endif
}
