import CNCurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Paints cells with its own escape sequences so colours can be sent as 24-bit SGR
/// (`38;2;R;G;B`). ncurses could only do that with a direct-colour terminfo, and TERM almost never
/// names one even where the terminal has true colour (COLORTERM says so instead); redefining
/// palette slots instead is what shows wrong colours on terminals that ignore it.
///
/// ncurses still owns the terminal (modes, keys, resize, clearing): `clearAll` lets it clear the
/// screen, after which stdscr stays untouched, so ncurses believes the screen is blank with the
/// cursor home and never sends anything over what this painter drew. Each flush ends with
/// plain attributes and the cursor home, keeping the terminal where ncurses believes it is.
final class DirectColorPainter: TerminalPainter {
    private var out: [UInt8] = []
    /// Where the terminal cursor is, when known; a cursor move is sent only when it is elsewhere.
    private var cursor: (x: Int, y: Int)?
    /// The style the terminal is painting with, when known.
    private var current: Style?
    private let sink: ([UInt8]) -> Void

    /// - Parameter write: receives the bytes of each flush (the terminal by default; tests record).
    init(write: @escaping ([UInt8]) -> Void = DirectColorPainter.writeToStdout) {
        self.sink = write
    }

    func clearAll() {
        werase(tb_stdscr())
        clearok(tb_stdscr(), true)
        wrefresh(tb_stdscr())
        cursor = nil
        current = nil
    }

    func put(x: Int, y: Int, cell: Cell) {
        if cursor.map({ $0.x != x || $0.y != y }) ?? true {
            out.append(contentsOf: "\u{1b}[\(y + 1);\(x + 1)H".utf8)
        }
        if current != cell.style {
            out.append(contentsOf: Self.sgr(cell.style).utf8)
            current = cell.style
        }
        var scalar = cell.scalar
        // Control characters would move the cursor or change modes; ncurses would show them as ^X.
        if scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) { scalar = " " }
        out.append(contentsOf: String(Character(scalar)).utf8)
        // A wide or zero-width character leaves the cursor somewhere the next put must not assume.
        let width = scalar.isASCII ? 1 : Int(tb_wcwidth(wchar_t(bitPattern: scalar.value)))
        cursor = width == 1 ? (x + 1, y) : nil
    }

    func flush() {
        guard !out.isEmpty else { return }
        out.append(contentsOf: "\u{1b}[0m\u{1b}[H".utf8)
        sink(out)
        out.removeAll(keepingCapacity: true)
        cursor = nil
        current = nil
    }

    /// One SGR sequence for the whole style, starting from a reset so no earlier attribute leaks.
    static func sgr(_ style: Style) -> String {
        var s = "\u{1b}[0"
        let a = style.attrs
        if a.contains(.bold) { s += ";1" }
        if a.contains(.dim) { s += ";2" }
        if a.contains(.italic) { s += ";3" }
        if a.contains(.underline) { s += ";4" }
        if a.contains(.reverse) { s += ";7" }
        if !style.fg.isDefault { s += ";38;2;\(style.fg.r);\(style.fg.g);\(style.fg.b)" }
        if !style.bg.isDefault { s += ";48;2;\(style.bg.r);\(style.bg.g);\(style.bg.b)" }
        return s + "m"
    }

    static func writeToStdout(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && (errno == EINTR || errno == EAGAIN) {
                    if errno == EAGAIN {
                        var p = pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&p, 1, 100)
                    }
                } else {
                    return  // The terminal is gone; the loop notices through its input.
                }
            }
        }
    }
}
