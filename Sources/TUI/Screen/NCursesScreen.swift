import CNCurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the terminal UI cannot start, in one sentence.
public struct ScreenError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The ncurses backend. Must be created, used and released on one thread (ncurses is not
/// thread-safe); only `wakeUp()` may be called from elsewhere.
public final class NCursesScreen: InteractiveScreen {
    public private(set) var size: (width: Int, height: Int)
    public let colorMode: ColorMode
    public let supportsUnicode: Bool
    private let presenter: FramePresenter
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1

    /// - Parameters:
    ///   - forceASCII: `--ascii`: draw without box, braille and block glyphs.
    ///   - noColor: force monochrome (true) or colour (false); nil reads the NO_COLOR variable.
    public init(forceASCII: Bool = false, noColor: Bool? = nil) throws(ScreenError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw ScreenError(description: "The monitor needs a terminal on stdin and stdout; run it in a terminal or use a headless command.")
        }
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(Int32(CODESET)))
        supportsUnicode = !forceASCII && codeset.uppercased().replacingUnderscoresAndDashes == "UTF8"
        // newterm, unlike initscr, returns nil instead of exiting when TERM is unusable.
        guard tb_newterm() != nil else {
            let term = getenv("TERM").map { String(cString: $0) } ?? "(unset)"
            throw ScreenError(description: "The terminal type \"\(sanitize(term))\" is unknown to ncurses; set TERM (e.g. TERM=xterm-256color).")
        }
        TerminalSession.activate()
        cbreak()
        noecho()
        nonl()
        keypad(tb_stdscr(), true)
        intrflush(tb_stdscr(), false)
        curs_set(0)
        set_escdelay(25)
        leaveok(tb_stdscr(), true)

        let noColorEnv = noColor ?? (getenv("NO_COLOR").map { $0.pointee != 0 } ?? false)
        // COLORS is only known after start_color, so ask has_colors first.
        var mode = ColorMode.monochrome
        if !noColorEnv && has_colors() {
            start_color()
            use_default_colors()
            let colorterm = getenv("COLORTERM").map { String(cString: $0) }
            let direct = ColorMode.hasDirectColor(colorterm: colorterm, terminfoDirect: tb_terminfo_direct_color() != 0)
            mode = ColorMode.detect(hasColors: true, colors: Int(tb_colors()), directColor: direct, noColorEnv: false)
        }
        colorMode = mode
        if mode == .trueColor {
            presenter = FramePresenter(painter: DirectColorPainter())
        } else {
            let painter = CursesPainter()
            painter.palette = CursesPalette(mode: mode, colorPairs: tb_color_pairs(), colors: tb_colors())
            presenter = FramePresenter(painter: painter)
        }
        var y: Int32 = 0, x: Int32 = 0
        tb_getmaxyx(tb_stdscr(), &y, &x)
        size = (Int(x), Int(y))

        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            wakeRead = fds[0]
            wakeWrite = fds[1]
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
            TerminalSession.wakeWriteFD.store(wakeWrite, ordering: .sequentiallyConsistent)
        }
    }

    deinit {
        restore()
        TerminalSession.wakeWriteFD.store(-1, ordering: .sequentiallyConsistent)
        if wakeRead >= 0 { close(wakeRead) }
        if wakeWrite >= 0 { close(wakeWrite) }
    }

    public func restore() {
        TerminalSession.restore()
    }

    public var pendingSignal: Int32? {
        let s = TerminalSession.stopSignal.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }

    /// Wakes a `readKeys` blocked on the UI thread. Safe from any thread.
    public static func wakeUp() {
        TerminalSession.wake()
    }

    public func present(_ buffer: Buffer) {
        presenter.present(buffer)
    }

    public func refreshSize() {
        var y: Int32 = 0, x: Int32 = 0
        tb_getmaxyx(tb_stdscr(), &y, &x)
        size = (Int(x), Int(y))
        presenter.invalidate()
    }

    public func readKeys(timeoutMs: Int) -> [Key] {
        var keys = drain()
        if !keys.isEmpty { return keys }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        let n = fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t(wakeRead >= 0 ? 2 : 1), Int32(timeoutMs)) }
        if n > 0 && fds[1].revents != 0 {
            var scratch = [UInt8](repeating: 0, count: 64)
            while read(wakeRead, &scratch, scratch.count) > 0 {}
        }
        // Also after EINTR: SIGWINCH interrupts poll, and ncurses then reports KEY_RESIZE.
        keys = drain()
        return keys
    }

    /// Every key ncurses has, without waiting (it may have buffered several from one read).
    private func drain() -> [Key] {
        var keys: [Key] = []
        while keys.count < 256 {
            var ch: Int32 = 0
            let r = tb_get_wch_nowait(tb_stdscr(), &ch)
            if r == ERR { break }
            if let key = NCursesScreen.key(code: ch, isKeyCode: r == tb_key_code_yes()) { keys.append(key) }
        }
        return keys
    }

    static func key(code: Int32, isKeyCode: Bool) -> Key? {
        if isKeyCode {
            switch code {
            case tb_key_up(): return .up
            case tb_key_down(): return .down
            case tb_key_left(): return .left
            case tb_key_right(): return .right
            case tb_key_enter(): return .enter
            case tb_key_backspace(): return .backspace
            case tb_key_dc(): return .delete
            case tb_key_home(): return .home
            case tb_key_end(): return .end
            case tb_key_ppage(): return .pageUp
            case tb_key_npage(): return .pageDown
            case tb_key_resize(): return .resize
            case (tb_key_f0() + 1)...(tb_key_f0() + 12): return .function(Int(code - tb_key_f0()))
            default: return nil
            }
        }
        return KeyDecoding.key(fromCharacter: code)
    }
}

/// Maps characters read from the terminal to keys (shared with tests).
enum KeyDecoding {
    static func key(fromCharacter code: Int32) -> Key? {
        switch code {
        case 13, 10: return .enter
        case 27: return .escape
        case 127, 8: return .backspace
        case 9: return .tab
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(96 + code))))
        default:
            guard code >= 32, let s = Unicode.Scalar(UInt32(code)) else { return nil }
            return .char(Character(s))
        }
    }
}

/// Writes cells through ncurses. `refresh()` afterwards sends only what changed on the terminal.
final class CursesPainter: TerminalPainter {
    var palette: CursesPalette?
    private var attrCache: [UInt8: attr_t] = [:]

    func clearAll() {
        werase(tb_stdscr())
        clearok(tb_stdscr(), true)
    }

    func put(x: Int, y: Int, cell: Cell) {
        let pair = palette?.pair(fg: cell.style.fg, bg: cell.style.bg) ?? 0
        _ = tb_put_wch(Int32(y), Int32(x), wchar_t(bitPattern: cell.scalar.value), attributes(cell.style.attrs), pair)
    }

    func flush() {
        wrefresh(tb_stdscr())
    }

    private func attributes(_ a: Attributes) -> attr_t {
        if let cached = attrCache[a.rawValue] { return cached }
        var r = tb_a_normal()
        if a.contains(.bold) { r |= tb_a_bold() }
        if a.contains(.dim) { r |= tb_a_dim() }
        if a.contains(.underline) { r |= tb_a_underline() }
        if a.contains(.reverse) { r |= tb_a_reverse() }
        if a.contains(.italic) { r |= tb_a_italic() }
        attrCache[a.rawValue] = r
        return r
    }
}
