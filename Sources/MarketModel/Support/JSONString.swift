/// The one JSON string writer of the client side (NDJSON lines, signals, control requests). Every
/// control character, DEL, the C1 range and the two JavaScript line separators are escaped, so a
/// symbol or reason from outside can never break a line or a terminal that shows it.
public enum JSONString {
    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to `out`.
    public static func append(_ text: String, to out: inout String) {
        out += quoted(text)
    }

    /// Appends `text` as a JSON string literal, as UTF-8, to `out`: the hot path of `stream`,
    /// where a symbol is plain ASCII and goes in as it is, without a String in between.
    public static func append(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        let plain = text.withUTF8 { bytes in
            bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        }
        if plain {
            text.withUTF8 { out.append(contentsOf: $0) }
        } else {
            for scalar in text.unicodeScalars { appendEscaped(scalar, to: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        switch scalar {
        case "\"": out.append(contentsOf: [0x5C, 0x22])
        case "\\": out.append(contentsOf: [0x5C, 0x5C])
        case "\n": out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case "\r": out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case "\t": out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 {
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: "\\u".utf8)
                out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 4 - hex.count))
                out.append(contentsOf: hex.utf8)
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
    }
}
