/// An exact decimal number as the exchange writes it: a 64-bit mantissa and a count of digits
/// after the point. "4261.48000000" keeps its eight decimals, so it prints back digit for digit
/// and never takes a round trip through binary floating point.
public struct ExactDecimal: Sendable, Comparable, Hashable, CustomStringConvertible, Codable {
    /// The digits without the decimal point, signed.
    public let mantissa: Int64
    /// Digits after the decimal point held in the mantissa (0...18).
    public let scale: UInt8
    /// Trailing zero decimals written by the exchange but not held in the mantissa, so that
    /// "700662959765.00000000" (a SHIB volume) fits in 64 bits and still prints back as sent.
    public let padding: UInt8

    public static let maxScale: UInt8 = 18
    public static let zero = ExactDecimal(mantissa: 0, scale: 0)

    public init(mantissa: Int64, scale: UInt8, padding: UInt8 = 0) {
        precondition(scale <= ExactDecimal.maxScale, "ExactDecimal scale above 18")
        self.mantissa = mantissa
        self.scale = scale
        self.padding = padding
    }

    public init(_ integer: Int) {
        self.init(mantissa: Int64(integer), scale: 0)
    }

    /// Parses a plain decimal string: optional sign, digits, optional point and digits.
    /// Returns nil for anything else (exponents, spaces, empty, more than 18 decimals, overflow).
    public init?(_ text: some StringProtocol) {
        var utf8 = Array(text.utf8)
        guard let value = utf8.withUnsafeMutableBufferPointer({ ExactDecimal.parse(UnsafeBufferPointer($0)) }) else {
            return nil
        }
        self = value
    }

    /// Byte-level parser shared by the stream decoder: no allocation, no Foundation.
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
        var index = 0
        let count = bytes.count
        guard count > 0 else { return nil }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        } else if bytes[0] == UInt8(ascii: "+") {
            index = 1
        }
        var magnitude: UInt64 = 0
        var digits = 0
        var scale = 0
        var seenPoint = false
        // Trailing fractional zeros that no longer fit the mantissa are kept as `padding`:
        // "700662959765.00000000" (a SHIB volume) needs 20 digits but is 12 significant ones.
        var pendingZeros = 0
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if byte >= 48 && byte <= 57 {
                digits += 1
                if pendingZeros > 0 {
                    // Only zeros may follow once the mantissa is full.
                    guard byte == 48 else { return nil }
                    pendingZeros += 1
                } else {
                    let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (m2, o2) = m1.addingReportingOverflow(UInt64(byte &- 48))
                    if o1 || o2 || m2 > limit {
                        guard seenPoint, byte == 48 else { return nil }
                        pendingZeros = 1
                    } else {
                        magnitude = m2
                        if seenPoint { scale += 1 }
                    }
                }
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0, scale + pendingZeros <= Int(maxScale) else { return nil }
        // A trailing point ("12.") or a bare point is not a number the exchange sends.
        if seenPoint && scale + pendingZeros == 0 { return nil }
        let padding = UInt8(pendingZeros)
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            if magnitude == UInt64(Int64.max) + 1 {
                return ExactDecimal(mantissa: Int64.min, scale: UInt8(scale), padding: padding)
            }
            return ExactDecimal(mantissa: -Int64(magnitude), scale: UInt8(scale), padding: padding)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return ExactDecimal(mantissa: Int64(magnitude), scale: UInt8(scale), padding: padding)
    }

    public var doubleValue: Double {
        Double(mantissa) / ExactDecimal.powersOfTen[Int(scale)]
    }

    public var isZero: Bool { mantissa == 0 }
    public var isNegative: Bool { mantissa < 0 }

    /// The same value with trailing zero decimals removed: the canonical form for hashing.
    public var normalized: ExactDecimal {
        var m = mantissa
        var s = scale
        while s > 0 && m % 10 == 0 {
            m /= 10
            s -= 1
        }
        return ExactDecimal(mantissa: m, scale: s)
    }

    /// The value at another scale; nil when digits would be lost or the mantissa overflows.
    public func rescaled(to newScale: UInt8) -> ExactDecimal? {
        guard newScale <= ExactDecimal.maxScale else { return nil }
        if newScale == scale { return self }
        if newScale > scale {
            let factor = ExactDecimal.integerPowersOfTen[Int(newScale - scale)]
            let (m, overflow) = mantissa.multipliedReportingOverflow(by: factor)
            return overflow ? nil : ExactDecimal(mantissa: m, scale: newScale)
        }
        let factor = ExactDecimal.integerPowersOfTen[Int(scale - newScale)]
        guard mantissa % factor == 0 else { return nil }
        return ExactDecimal(mantissa: mantissa / factor, scale: newScale)
    }

    /// Rounds half away from zero to `newScale` decimals (used to put a price on its tick).
    public func rounded(toScale newScale: UInt8) -> ExactDecimal {
        if newScale >= scale { return rescaled(to: newScale) ?? self }
        let factor = ExactDecimal.integerPowersOfTen[Int(scale - newScale)]
        var q = mantissa / factor
        let r = mantissa % factor
        if abs(r) * 2 >= factor { q += mantissa < 0 ? -1 : 1 }
        return ExactDecimal(mantissa: q, scale: newScale)
    }

    /// The nearest decimal with `scale` digits to a Double (for synthetic prices).
    public init(rounding value: Double, scale: UInt8) {
        let scaled = (value * ExactDecimal.powersOfTen[Int(scale)]).rounded()
        self.init(mantissa: Int64(scaled), scale: scale)
    }

    public var description: String {
        let negative = mantissa < 0
        let magnitude = mantissa.magnitude
        var digits = String(magnitude)
        if scale > 0 {
            let s = Int(scale)
            if digits.count <= s {
                digits = String(repeating: "0", count: s - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -s))
        }
        if padding > 0 {
            if scale == 0 { digits += "." }
            digits += String(repeating: "0", count: Int(padding))
        }
        return negative ? "-" + digits : digits
    }

    /// The value with `decimals` digits after the point, rounded, for display at a tick size.
    public func formatted(decimals: Int) -> String {
        rounded(toScale: UInt8(max(0, min(decimals, Int(ExactDecimal.maxScale))))).description
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.scale == rhs.scale { return lhs.mantissa < rhs.mantissa }
        let s = max(lhs.scale, rhs.scale)
        if let a = lhs.rescaled(to: s), let b = rhs.rescaled(to: s) { return a.mantissa < b.mantissa }
        return lhs.doubleValue < rhs.doubleValue
    }

    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.scale == rhs.scale { return lhs.mantissa == rhs.mantissa }
        let a = lhs.normalized, b = rhs.normalized
        return a.mantissa == b.mantissa && a.scale == b.scale
    }

    public func hash(into hasher: inout Hasher) {
        let n = normalized
        hasher.combine(n.mantissa)
        hasher.combine(n.scale)
    }

    /// Sum at the larger scale; traps on overflow, which no real price or volume reaches.
    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        let s = max(lhs.scale, rhs.scale)
        let a = lhs.rescaled(to: s)!, b = rhs.rescaled(to: s)!
        return ExactDecimal(mantissa: a.mantissa + b.mantissa, scale: s)
    }

    public static func - (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        let s = max(lhs.scale, rhs.scale)
        let a = lhs.rescaled(to: s)!, b = rhs.rescaled(to: s)!
        return ExactDecimal(mantissa: a.mantissa - b.mantissa, scale: s)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ExactDecimal(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal: \(text)")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    @usableFromInline
    static let powersOfTen: [Double] = (0...18).map { p in (0..<p).reduce(1.0) { r, _ in r * 10 } }
    @usableFromInline
    static let integerPowersOfTen: [Int64] = (0...18).map { p in (0..<p).reduce(Int64(1)) { r, _ in r * 10 } }
}
