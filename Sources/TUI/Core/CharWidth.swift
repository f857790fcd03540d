/// Terminal column width of a scalar: 0 for combining marks and joiners, 2 for East Asian wide
/// and emoji, 1 otherwise. A table of the common ranges is enough: exchange symbols with CJK
/// names exist (they must not shift the columns of a table), exotic scripts are rare.
enum CharWidth {
    static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x300 { return 1 }
        if isZeroWidth(v) { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    static func isZeroWidth(_ v: UInt32) -> Bool {
        (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || (0x20D0...0x20FF).contains(v)
            || (0xFE00...0xFE0F).contains(v) || (0xFE20...0xFE2F).contains(v) || v == 0x2060 || v == 0xFEFF
            || (0xE0100...0xE01EF).contains(v)
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// Columns the string takes on screen.
    static func width(_ text: String) -> Int {
        var w = 0
        for s in text.unicodeScalars { w += of(s) }
        return w
    }
}

/// Columns `text` takes on a terminal.
public func displayWidth(_ text: String) -> Int { CharWidth.width(text) }

/// `text` cut to at most `width` columns, ending in "…" when something was cut.
public func truncate(_ text: String, toWidth width: Int) -> String {
    guard width > 0 else { return "" }
    if CharWidth.width(text) <= width { return text }
    var out = String.UnicodeScalarView()
    var used = 0
    for s in text.unicodeScalars {
        let w = CharWidth.of(s)
        if used + w > width - 1 { break }
        out.append(s)
        used += w
    }
    out.append("…")
    return String(out)
}

/// `text` padded with spaces (or truncated) to exactly `width` columns.
public func pad(_ text: String, toWidth width: Int, alignRight: Bool = false) -> String {
    let t = truncate(text, toWidth: width)
    let gap = max(0, width - CharWidth.width(t))
    let spaces = String(repeating: " ", count: gap)
    return alignRight ? spaces + t : t + spaces
}
