/// The one JSON string writer of the client side (NDJSON lines, signals, control requests). Every
/// control character, DEL, the C1 range and the two JavaScript line separators are escaped, so a
/// symbol or reason from outside can never break a line or a terminal that shows it.
public enum JSONString {
    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLiteralCount(text)) { buffer in
            let n = write(text, to: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(start: buffer.baseAddress, count: n), as: UTF8.self)
        }
    }

    /// Appends `text` as a JSON string literal to `out`.
    public static func append(_ text: String, to out: inout String) {
        out += quoted(text)
    }

    /// The most bytes `write` can produce for `text` (every byte escaped as `\u00XX`, and quotes).
    public static func maxLiteralCount(_ text: String) -> Int { text.utf8.count * 6 + 2 }

    /// Writes `text` as a JSON string literal at `out` (room for `maxLiteralCount(text)` bytes)
    /// and returns how many bytes it wrote. Plain ASCII (a symbol) is copied as it is.
    public static func write(_ text: String, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var text = text
        return text.withUTF8 { write(utf8: UnsafeRawBufferPointer($0), to: out) }
    }

    /// A symbol's name, written without making a String of it.
    public static func write(_ symbol: Symbol, to out: UnsafeMutablePointer<UInt8>) -> Int {
        symbol.withUTF8 { write(utf8: $0, to: out) }
    }

    /// The most bytes `write` can produce for a symbol's name.
    public static func maxLiteralCount(_ symbol: Symbol) -> Int { symbol.utf8Count * 6 + 2 }

    private static func write(utf8 bytes: UnsafeRawBufferPointer, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        out[n] = UInt8(ascii: "\"")
        n += 1
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            if let base = bytes.baseAddress { (out + n).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count) }
            n += bytes.count
        } else {
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars { n += writeEscaped(scalar, to: out + n) }
        }
        out[n] = UInt8(ascii: "\"")
        return n + 1
    }

    private static func writeEscaped(_ scalar: Unicode.Scalar, to out: UnsafeMutablePointer<UInt8>) -> Int {
        func two(_ b: UInt8) -> Int {
            out[0] = 0x5C
            out[1] = b
            return 2
        }
        switch scalar {
        case "\"": return two(0x22)
        case "\\": return two(0x5C)
        case "\n": return two(UInt8(ascii: "n"))
        case "\r": return two(UInt8(ascii: "r"))
        case "\t": return two(UInt8(ascii: "t"))
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 {
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out[0] = 0x5C
                out[1] = UInt8(ascii: "u")
                for i in 0..<4 { out[2 + i] = hex[Int((scalar.value >> (4 * UInt32(3 - i))) & 0xF)] }
                return 6
            }
            var n = 0
            for byte in String(scalar).utf8 {
                out[n] = byte
                n += 1
            }
            return n
        }
    }
}
