/// Text from outside (rules, symbols, history) made safe for a terminal: no control
/// characters, so nothing can end an escape sequence early or start a new one.
public enum TerminalText {
    /// C0 controls, DEL and C1 controls become spaces (a newline in a reason then reads as a
    /// word break rather than vanishing); runs of them collapse to one.
    public static func sanitized(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(scalar)
                lastWasSpace = scalar == " "
            }
        }
        return String(out)
    }

    /// `sanitized`, with `;` (the OSC field separator) replaced by `,` and the length capped:
    /// a field can then never add fields of its own.
    public static func oscField(_ text: String, maxCharacters: Int = 240) -> String {
        var s = String(sanitized(text).map { $0 == ";" ? "," : $0 })
        if s.count > maxCharacters { s = String(s.prefix(maxCharacters - 1)) + "…" }
        return s
    }
}
