/// A key press as the terminal reports it, independent of ncurses.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    /// Ctrl plus a letter, lower case ("ctrl-c" is `.ctrl("c")`).
    case ctrl(Character)
    case up, down, left, right
    case enter, escape, backspace, tab, delete
    case home, end, pageUp, pageDown
    case function(Int)
    case resize

    /// Parses a key spec: "x", "ctrl-x", "up", "enter", "esc", "space", "pgup", "f5", "+".
    public init?(spec: String) {
        let raw = spec.trimmingSpaces
        guard !raw.isEmpty else { return nil }
        if raw.count == 1, let c = raw.first {
            self = .char(c)
            return
        }
        let lower = raw.lowercased()
        for prefix in ["ctrl-", "ctrl+", "c-", "^"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            guard rest.count == 1, let c = rest.first, c.isLetter, c.isASCII else { return nil }
            self = .ctrl(c)
            return
        }
        switch lower {
        case "up": self = .up
        case "down": self = .down
        case "left": self = .left
        case "right": self = .right
        case "enter", "return": self = .enter
        case "esc", "escape": self = .escape
        case "backspace", "bs": self = .backspace
        case "tab": self = .tab
        case "delete", "del": self = .delete
        case "home": self = .home
        case "end": self = .end
        case "pgup", "pageup": self = .pageUp
        case "pgdn", "pagedown": self = .pageDown
        case "space": self = .char(" ")
        case "plus": self = .char("+")
        case "minus": self = .char("-")
        default:
            if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n) {
                self = .function(n)
                return
            }
            return nil
        }
    }

    public var description: String {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "ctrl-" + String(c)
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .enter: return "enter"
        case .escape: return "esc"
        case .backspace: return "backspace"
        case .tab: return "tab"
        case .delete: return "delete"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .function(let n): return "f\(n)"
        case .resize: return "resize"
        }
    }

    /// Display form for help: arrows as glyphs.
    var label: String {
        switch self {
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        default: return description
        }
    }
}
