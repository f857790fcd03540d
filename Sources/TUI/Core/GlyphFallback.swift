/// ASCII stand-ins for the glyphs the UI draws, for terminals whose locale is not UTF-8 (where
/// box and braille characters turn into garbage) and for `--ascii`.
public enum GlyphFallback {
    public static func ascii(for s: Unicode.Scalar) -> Unicode.Scalar {
        let v = s.value
        if v < 0x80 { return s }
        switch s {
        case "─", "━", "┈", "╌", "┄", "╴", "╶", "═": return "-"
        case "│", "║", "┊", "╎", "┆", "╷", "╵": return "|"
        case "┃", "╻", "╹", "╽", "╿": return "#"
        case "╭", "╮", "╰", "╯", "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼": return "+"
        case "▁", "▂": return "_"
        case "▃", "▄": return "."
        case "▅", "▆": return "="
        case "▇", "█", "▀", "▌", "▐": return "#"
        case "▔": return "'"
        case "▲", "↑", "⇡": return "^"
        case "▼", "↓", "⇣": return "v"
        case "●", "◆", "■", "★": return "*"
        case "○", "◌", "◐", "◯": return "o"
        case "·", "•", "∙": return "."
        case "…": return "~"
        case "⟳": return "~"
        case "↻": return "@"
        case "×", "✕", "╳": return "x"
        case "▏", "▕": return "|"
        case "←": return "<"
        case "›": return ">"
        case "→": return ">"
        default: break
        }
        // Braille: a dot for sparse patterns, a colon for denser ones.
        if (0x2800...0x28FF).contains(v) {
            let bits = (v - 0x2800).nonzeroBitCount
            return bits == 0 ? " " : (bits <= 2 ? "." : ":")
        }
        if (0x2500...0x257F).contains(v) { return "+" }
        if (0x2580...0x259F).contains(v) { return "#" }
        return "?"
    }
}
