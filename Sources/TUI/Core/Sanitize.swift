/// Makes a string from outside (exchange, config, history, error messages) safe to draw: removes
/// C0 and C1 controls, DEL, whole ESC sequences (CSI, OSC, DCS and the two-byte forms), and the
/// bidi controls that could reorder what the user reads. Tabs and newlines become one space, so
/// a multi-line error still reads as one sentence on one row.
public func sanitize(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var iterator = text.unicodeScalars.makeIterator()
    var lastWasSpace = false
    var pending: Unicode.Scalar? = nil

    func next() -> Unicode.Scalar? {
        if let p = pending { pending = nil; return p }
        return iterator.next()
    }

    while let s = next() {
        let v = s.value
        if v == 0x1B {
            skipEscape(next: next, pushBack: { pending = $0 })
            continue
        }
        // The C1 introducers CSI (0x9B) and OSC/DCS/PM/APC (0x9D, 0x90, 0x9E, 0x9F) start sequences too.
        if v == 0x9B {
            skipCSIBody(next: next)
            continue
        }
        if v == 0x9D || v == 0x90 || v == 0x9E || v == 0x9F || v == 0x98 {
            skipStringBody(next: next)
            continue
        }
        if v == 0x09 || v == 0x0A || v == 0x0D || v == 0x0B || v == 0x0C {
            if !lastWasSpace { out.append(" ") }
            lastWasSpace = true
            continue
        }
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { continue }
        if isBidiControl(v) { continue }
        // Private-use and unassigned scalars render unpredictably; noncharacters are never text.
        if (0xFFF9...0xFFFB).contains(v) || v == 0xFFFE || v == 0xFFFF { continue }
        out.append(s)
        lastWasSpace = s == " "
    }
    return String(out)
}

func isBidiControl(_ v: UInt32) -> Bool {
    (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
}

/// ESC has been read. Consumes the rest of the sequence; a byte that does not belong to it is
/// pushed back so text right after a lone ESC survives.
private func skipEscape(next: () -> Unicode.Scalar?, pushBack: (Unicode.Scalar) -> Void) {
    guard let s = next() else { return }
    switch s {
    case "[":
        skipCSIBody(next: next)
    case "]", "P", "X", "^", "_":
        skipStringBody(next: next)
    default:
        let v = s.value
        // Two-byte forms (ESC 7, ESC c, ESC ( B ...): intermediates 0x20-0x2F then one final byte.
        if (0x20...0x2F).contains(v) {
            while let t = next() {
                if !(0x20...0x2F).contains(t.value) { break }
            }
        } else if v < 0x20 || v > 0x7E {
            pushBack(s)
        }
    }
}

/// Parameters and intermediates up to the final byte (0x40-0x7E).
private func skipCSIBody(next: () -> Unicode.Scalar?) {
    while let t = next() {
        if (0x40...0x7E).contains(t.value) { return }
        if t.value < 0x20 && t.value != 0x1B { return }
    }
}

/// OSC/DCS bodies end at BEL, ST (ESC \) or C1 ST (0x9C).
private func skipStringBody(next: () -> Unicode.Scalar?) {
    var sawEscape = false
    while let t = next() {
        if t.value == 0x07 || t.value == 0x9C { return }
        if sawEscape && t == "\\" { return }
        sawEscape = t.value == 0x1B
    }
}
