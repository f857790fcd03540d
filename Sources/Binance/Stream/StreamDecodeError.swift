/// Why a stream frame could not be decoded. Offsets are byte offsets into the frame, so a log
/// line with the frame and the error pinpoints the problem.
public enum StreamDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    case emptyFrame
    case frameTooLarge(byteCount: Int)
    case truncated(at: Int)
    case unexpectedByte(UInt8, at: Int)
    case trailingBytes(at: Int)
    case tooDeeplyNested(at: Int, limit: Int)
    case invalidUTF8(at: Int)
    case invalidEscape(at: Int)
    case wrongType(field: String, expected: JSONValueKind, found: JSONValueKind)
    case numberOutOfRange(field: String)
    case invalidValue(field: String)
    case missingField(String)

    public var description: String {
        switch self {
        case .emptyFrame:
            return "The stream frame is empty."
        case .frameTooLarge(let count):
            return "The stream frame is too large to decode (\(count) bytes)."
        case .truncated(let offset):
            return "The stream frame is truncated at byte \(offset)."
        case .unexpectedByte(let byte, let offset):
            return "The stream frame has an unexpected byte \(Self.show(byte)) at offset \(offset)."
        case .trailingBytes(let offset):
            return "The stream frame has extra bytes after the JSON value, starting at offset \(offset)."
        case .tooDeeplyNested(let offset, let limit):
            return "The stream frame nests deeper than \(limit) levels at offset \(offset)."
        case .invalidUTF8(let offset):
            return "The stream frame has invalid UTF-8 inside a string at offset \(offset)."
        case .invalidEscape(let offset):
            return "The stream frame has an invalid escape sequence at offset \(offset)."
        case .wrongType(let field, let expected, let found):
            return "Field `\(field)` has the wrong type: expected \(expected), found \(found)."
        case .numberOutOfRange(let field):
            return "Field `\(field)` holds a number out of range."
        case .invalidValue(let field):
            return "Field `\(field)` holds a value the client cannot read."
        case .missingField(let field):
            return "Field `\(field)` is missing."
        }
    }

    private static func show(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "0x" + (hex.count == 1 ? "0" + hex : hex)
    }
}
