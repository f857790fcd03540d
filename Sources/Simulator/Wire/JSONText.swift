/// Hand-written JSON output. Frames are assembled as text so that the bytes on the wire are
/// exactly what the simulator means to send, independent of any encoder the client uses.
enum JSONText {
    /// A quoted JSON string with the escapes JSON requires.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// An integer mantissa at `scale` decimals, written with exactly `decimals` decimals
    /// (`decimals` >= `scale`), as Binance writes prices: "60000.01000000".
    static func decimal(_ mantissa: Int64, scale: Int, decimals: Int = 8) -> String {
        precondition(decimals >= scale, "would lose digits")
        let negative = mantissa < 0
        let magnitude = mantissa.magnitude
        var digits = String(magnitude)
        if decimals > 0 {
            digits += String(repeating: "0", count: decimals - scale)
            if digits.count <= decimals {
                digits = String(repeating: "0", count: decimals - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return negative && magnitude != 0 ? "-" + digits : digits
    }

    static func quotedDecimal(_ mantissa: Int64, scale: Int, decimals: Int = 8) -> String {
        "\"" + decimal(mantissa, scale: scale, decimals: decimals) + "\""
    }

    /// Echoes a request id as it came: number, string or null.
    static func id(_ value: JSONValue?) -> String {
        switch value {
        case .number(let text)?: return text
        case .string(let text)?: return quoted(text)
        default: return "null"
        }
    }
}
