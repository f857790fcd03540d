/// Keys to actions. Defaults follow vi and arrow habits; any action can be rebound from the
/// config's `[keys]` table (action name → key spec, several separated by spaces).
public struct KeyMap: Sendable, Equatable {
    public private(set) var bindings: [Key: KeyAction]

    public init(bindings: [Key: KeyAction]) {
        self.bindings = bindings
    }

    public static let `default`: KeyMap = {
        var b: [Key: KeyAction] = [
            .char("q"): .quit, .ctrl("c"): .quit,
            .up: .up, .char("k"): .up, .down: .down, .char("j"): .down,
            .left: .left, .char("h"): .left, .right: .right, .char("l"): .right,
            .char("+"): .zoomIn, .char("="): .zoomIn, .char("-"): .zoomOut,
            .char("f"): .cycleRefresh, .char("i"): .indicatorPicker, .char("a"): .addSymbol,
            .char("d"): .removeSymbol, .char("t"): .nextTheme, .char("p"): .togglePause,
            .char("r"): .reconnect, .char("c"): .clearToasts, .char("?"): .help,
            .char("o"): .toggleToasts, .char("m"): .toggleModals, .char("b"): .toggleBell, .char("n"): .toggleDesktop,
            .char("A"): .priceAlert, .char("L"): .alertList,
            .char("D"): .depthLadder, .char("T"): .tradesTape, .char("["): .finerBook, .char("]"): .coarserBook,
        ]
        for n in 1...9 { b[.char(Character(String(n)))] = .interval(n) }
        return KeyMap(bindings: b)
    }()

    public struct RemapError: Error, Equatable, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// This map with `overrides` applied: each named action loses its old keys and gets the
    /// given ones, and a key taken from another action leaves that action.
    public func remapped(_ overrides: [String: String]) throws(RemapError) -> KeyMap {
        var b = bindings
        for name in overrides.keys.sorted() {
            let spec = overrides[name]!
            guard let action = KeyAction(name: name) else {
                let known = KeyAction.named.map(\.0).joined(separator: ", ")
                throw RemapError(description: "Unknown action \"\(sanitize(name))\" in key bindings; known actions: \(known).")
            }
            let specs = spec == " " ? [" "] : spec.split(separator: " ").map(String.init)
            var keys: [Key] = []
            for s in specs {
                guard let key = Key(spec: s) else {
                    throw RemapError(description: "Unknown key \"\(sanitize(s))\" for action \"\(name)\"; use a character, ctrl-x, up, down, left, right, enter, esc, space, pgup, pgdn, home, end or f1-f12.")
                }
                keys.append(key)
            }
            guard !keys.isEmpty else {
                throw RemapError(description: "No key given for action \"\(sanitize(name))\".")
            }
            b = b.filter { $0.value != action }
            for k in keys { b[k] = action }
        }
        return KeyMap(bindings: b)
    }

    /// The action for a key in normal mode. Enter, Esc and Backspace always reach the app, so
    /// overlays can be dismissed whatever the bindings.
    public func action(for key: Key) -> KeyAction? {
        if let a = bindings[key] { return a }
        switch key {
        case .escape: return .escape
        case .enter: return .enter
        case .backspace: return .backspace
        default: return nil
        }
    }

    /// The action for a key while a picker takes text: printable characters are text, arrows
    /// move the selection, Ctrl-C still quits.
    public func textEntryAction(for key: Key) -> KeyAction? {
        switch key {
        case .char(let c): return .char(c)
        case .up: return .up
        case .down: return .down
        case .enter, .tab: return .enter
        case .escape: return .escape
        case .backspace, .delete: return .backspace
        case .ctrl("c"): return .quit
        default: return nil
        }
    }

    /// "key  description" lines for the help overlay, in action order.
    public var helpLines: [String] {
        var lines: [String] = []
        var intervalKeys: [String] = []
        for (_, action, what) in KeyAction.named {
            // Arrows first, then plain characters, then the rest: "↑ k", "q ctrl-c".
            func rank(_ k: Key) -> Int {
                switch k {
                case .up, .down, .left, .right: return 0
                case .char: return 1
                default: return 2
                }
            }
            let keys = bindings.filter { $0.value == action }.map(\.key)
                .sorted { (rank($0), $0.description) < (rank($1), $1.description) }
            if case .interval = action {
                intervalKeys += keys.map(\.label)
                continue
            }
            guard !keys.isEmpty else { continue }
            lines.append(keys.map(\.label).joined(separator: " ") + "  " + what)
        }
        if !intervalKeys.isEmpty {
            let joined = intervalKeys == (1...9).map(String.init) ? "1-9" : intervalKeys.joined(separator: " ")
            lines.insert(joined + "  chart interval", at: min(7, lines.count))
        }
        lines.append("esc  close overlay")
        return lines
    }
}
