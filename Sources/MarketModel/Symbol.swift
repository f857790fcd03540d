/// A spot market symbol as the exchange names it, upper case ("BTCUSDT").
///
/// Held inline, up to 23 bytes of UTF-8 in three words, rather than as a `String`: a symbol
/// rides in every candle, trade and book update, and an inline one makes those plain values
/// that copy without reference counting and compare and hash as three integers. The bytes are
/// packed first-byte-highest, so comparing the words compares the names byte by byte.
public struct Symbol: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// Bytes 0...7 of the name.
    @usableFromInline let high: UInt64
    /// Bytes 8...15.
    @usableFromInline let middle: UInt64
    /// Bytes 16...22, then the byte count in the lowest byte.
    @usableFromInline let low: UInt64

    /// The longest name a symbol holds, in UTF-8 bytes.
    public static let capacity = 23

    /// Accepts letters and digits only, 2...20 of them, in any case.
    public init?(_ text: some StringProtocol) {
        let upper = text.uppercased()
        guard (2...20).contains(upper.utf8.count),
              upper.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }) else {
            return nil
        }
        self.init(exchangeName: upper)!
    }

    /// For names that arrive from the exchange itself, which may contain any UTF-8; nil when the
    /// name is longer than `capacity` bytes.
    public init?(exchangeName: String) {
        var name = exchangeName
        guard let symbol = name.withUTF8({ Symbol(exchangeBytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = symbol
    }

    /// A name's UTF-8 bytes as they arrived; nil when there are more than `capacity`.
    @inlinable
    public init?(exchangeBytes bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= Symbol.capacity else { return nil }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        if let base = bytes.baseAddress {
            withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
        }
        self.init(high: UInt64(bigEndian: words.0), middle: UInt64(bigEndian: words.1),
                  low: UInt64(bigEndian: words.2) | UInt64(bytes.count))
    }

    @usableFromInline
    init(high: UInt64, middle: UInt64, low: UInt64) {
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// The name's UTF-8 bytes, for writers that copy them without making a String.
    @inlinable
    public func withUTF8<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var words = (high.bigEndian, middle.bigEndian, low.bigEndian)
        let count = utf8Count
        return try withUnsafeBytes(of: &words) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    /// The name's length in UTF-8 bytes.
    @inlinable
    public var utf8Count: Int { Int(truncatingIfNeeded: low & 0xFF) }

    public var name: String { withUTF8 { String(decoding: $0, as: UTF8.self) } }

    /// Stream names use the lower-case form (`btcusdt@kline_1m`).
    public var streamName: String { name.lowercased() }
    public var description: String { name }

    public static func < (lhs: Symbol, rhs: Symbol) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let symbol = Symbol(exchangeName: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a symbol name is at most \(Symbol.capacity) bytes")
        }
        self = symbol
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
