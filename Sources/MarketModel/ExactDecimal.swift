/// An exact decimal number as the exchange writes it: a mantissa of up to 38 significant digits
/// and a count of digits after the point. "4261.48000000" keeps its eight decimals, so it prints
/// back digit for digit and never takes a round trip through binary floating point.
///
/// The mantissa is 128 bits wide, stored as two 8-byte words rather than an `Int128`: `Int128`
/// is 16-byte aligned, which would make the type 32 bytes in every `Candle` (nine of them)
/// instead of 24. Values that fit 64 bits, all of Binance's prices, take 64-bit paths.
///
/// Nothing here traps on data: parsing refuses what does not fit (nil), and arithmetic that
/// would leave 38 digits throws `ExactDecimal.Overflow`.
public struct ExactDecimal: Sendable, Comparable, Hashable, CustomStringConvertible, Codable {
    /// The mantissa's low 64 bits (two's complement).
    @usableFromInline let low: UInt64
    /// The mantissa's high 64 bits (two's complement): all zeros or all ones when it fits 64 bits.
    @usableFromInline let high: UInt64
    /// Digits after the decimal point held in the mantissa (0...38).
    public let scale: UInt8
    /// Trailing zero decimals written by the exchange but not held in the mantissa, so that a
    /// value with more than 38 digits of which the last ones are zero decimals still prints
    /// back as sent.
    public let padding: UInt8

    /// At most this many significant digits: the mantissa stays within ±(10^38 - 1).
    public static let maxDigits = 38
    /// At most this many decimals (`scale + padding`).
    public static let maxScale: UInt8 = 38
    /// The largest mantissa, 38 nines.
    public static let maxMantissa: Int128 = 99_999_999_999_999_999_999_999_999_999_999_999_999
    public static let zero = ExactDecimal(mantissa: 0, scale: 0)

    /// A result that would need more than 38 significant digits (or 38 decimals).
    public struct Overflow: Error, Sendable, Equatable, CustomStringConvertible {
        public init() {}
        public var description: String { "A decimal result needs more than 38 significant digits." }
    }

    /// A 64-bit mantissa always fits; `scale` above 38 is a programming error.
    @inlinable
    public init(mantissa: Int64, scale: UInt8, padding: UInt8 = 0) {
        precondition(scale <= ExactDecimal.maxScale, "ExactDecimal scale above 38")
        self.low = UInt64(bitPattern: mantissa)
        self.high = UInt64(bitPattern: mantissa >> 63)
        self.scale = scale
        self.padding = padding
    }

    /// A 128-bit mantissa; nil when it has more than 38 digits or the decimals exceed 38.
    public init?(exactMantissa mantissa: Int128, scale: UInt8, padding: UInt8 = 0) {
        guard mantissa.magnitude <= ExactDecimal.maxMantissa.magnitude,
              Int(scale) + Int(padding) <= Int(ExactDecimal.maxScale) else { return nil }
        self.init(unchecked: mantissa, scale: scale, padding: padding)
    }

    /// The caller has checked the limits.
    @usableFromInline
    init(unchecked mantissa: Int128, scale: UInt8, padding: UInt8) {
        self.low = UInt64(truncatingIfNeeded: mantissa)
        self.high = UInt64(truncatingIfNeeded: mantissa >> 64)
        self.scale = scale
        self.padding = padding
    }

    /// A magnitude of at most 64 bits with its sign: always within 38 digits.
    @inlinable
    init(magnitude: UInt64, negative: Bool, scale: UInt8, padding: UInt8) {
        if negative && magnitude != 0 {
            self.low = 0 &- magnitude
            self.high = ~0
        } else {
            self.low = magnitude
            self.high = 0
        }
        self.scale = scale
        self.padding = padding
    }

    public init(_ integer: Int) {
        self.init(mantissa: Int64(integer), scale: 0)
    }

    /// The digits without the decimal point, signed.
    @inlinable
    public var mantissa: Int128 {
        Int128(truncatingIfNeeded: UInt128(high) &<< 64 | UInt128(low))
    }

    /// Whether the mantissa fits 64 bits (then it is `Int64(bitPattern: low)`).
    @inlinable
    var isNarrow: Bool { high == UInt64(bitPattern: Int64(bitPattern: low) >> 63) }

    /// Parses a plain decimal string: optional sign, digits, optional point and digits.
    /// Returns nil for anything else (exponents, spaces, empty, more than 38 significant digits
    /// or decimals).
    public init?(_ text: some StringProtocol) {
        var utf8 = Array(text.utf8)
        guard let value = utf8.withUnsafeMutableBufferPointer({ ExactDecimal.parse(UnsafeBufferPointer($0)) }) else {
            return nil
        }
        self = value
    }

    /// Byte-level parser shared by the stream decoder: no allocation, no Foundation. Digits
    /// accumulate in 64 bits; only a twentieth digit moves the rest of the parse to 128 bits.
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
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if byte &- 48 < 10 {
                let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(UInt64(byte &- 48))
                if o1 || o2 {
                    return parseWide(bytes, at: index, magnitude: magnitude, digits: digits, scale: scale,
                                     seenPoint: seenPoint, negative: negative)
                }
                magnitude = m2
                digits += 1
                if seenPoint { scale += 1 }
            } else {
                return nil
            }
            index += 1
        }
        // Leading zeros never fill the mantissa, so the scale has its own limit.
        guard digits > 0, scale <= Int(maxScale) else { return nil }
        // A trailing point ("12.") or a bare point is not a number the exchange sends.
        if seenPoint && scale == 0 { return nil }
        return ExactDecimal(magnitude: magnitude, negative: negative, scale: UInt8(scale), padding: 0)
    }

    /// The rest of `parse` once the digits no longer fit 64 bits, from the digit at `index`.
    @usableFromInline @inline(never)
    static func parseWide(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, magnitude narrow: UInt64, digits: Int,
                          scale: Int, seenPoint: Bool, negative: Bool) -> ExactDecimal? {
        let limit = UInt128(ExactDecimal.maxMantissa)
        var magnitude = UInt128(narrow)
        var digits = digits, scale = scale, seenPoint = seenPoint
        // Trailing fractional zeros that no longer fit the mantissa are kept as `padding`.
        var pendingZeros = 0
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if byte &- 48 < 10 {
                digits += 1
                if pendingZeros > 0 {
                    // Only zeros may follow once the mantissa is full.
                    guard byte == 48 else { return nil }
                    pendingZeros += 1
                } else {
                    let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (m2, o2) = m1.addingReportingOverflow(UInt128(byte &- 48))
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
        if seenPoint && scale + pendingZeros == 0 { return nil }
        let signed = negative ? -Int128(magnitude) : Int128(magnitude)
        return ExactDecimal(unchecked: signed, scale: UInt8(scale), padding: UInt8(pendingZeros))
    }

    @inlinable
    public var doubleValue: Double {
        let m = isNarrow ? Double(Int64(bitPattern: low)) : Double(mantissa)
        return m / ExactDecimal.powersOfTen[Int(scale)]
    }

    @inlinable
    public var isZero: Bool { low == 0 && high == 0 }
    @inlinable
    public var isNegative: Bool { Int64(bitPattern: high) < 0 }

    /// The same value with trailing zero decimals removed: the canonical form for hashing.
    public var normalized: ExactDecimal {
        var s = scale
        if isNarrow {
            var m = Int64(bitPattern: low)
            while s > 0 && m % 10 == 0 {
                m /= 10
                s -= 1
            }
            return ExactDecimal(mantissa: m, scale: s)
        }
        var m = mantissa
        while s > 0 && m % 10 == 0 {
            m /= 10
            s -= 1
        }
        return ExactDecimal(unchecked: m, scale: s, padding: 0)
    }

    /// The value at another scale; nil when digits would be lost or the mantissa would need
    /// more than 38 digits.
    public func rescaled(to newScale: UInt8) -> ExactDecimal? {
        guard newScale <= ExactDecimal.maxScale else { return nil }
        if newScale == scale { return self }
        let m = mantissa
        if newScale > scale {
            let factor = ExactDecimal.integerPowersOfTen[Int(newScale - scale)]
            let (product, overflow) = m.multipliedReportingOverflow(by: factor)
            guard !overflow, product.magnitude <= ExactDecimal.maxMantissa.magnitude else { return nil }
            return ExactDecimal(unchecked: product, scale: newScale, padding: 0)
        }
        let factor = ExactDecimal.integerPowersOfTen[Int(scale - newScale)]
        let (q, r) = m.quotientAndRemainder(dividingBy: factor)
        guard r == 0 else { return nil }
        return ExactDecimal(unchecked: q, scale: newScale, padding: 0)
    }

    /// Rounds half away from zero to `newScale` decimals (used to put a price on its tick).
    public func rounded(toScale newScale: UInt8) -> ExactDecimal {
        if newScale >= scale { return rescaled(to: newScale) ?? self }
        let factor = ExactDecimal.integerPowersOfTen[Int(scale - newScale)]
        let m = mantissa
        // |q| is at most a tenth of the largest mantissa, so a step away from zero still fits.
        var (q, r) = m.quotientAndRemainder(dividingBy: factor)
        if r.magnitude * 2 >= factor.magnitude { q += m < 0 ? -1 : 1 }
        return ExactDecimal(unchecked: q, scale: newScale, padding: 0)
    }

    /// The nearest decimal with `scale` digits (at most 38) to a Double, for synthetic prices
    /// and labels: NaN gives zero, and what is beyond 38 digits the largest value of its sign.
    public init(rounding value: Double, scale: UInt8) {
        let s = min(scale, ExactDecimal.maxScale)
        let scaled = (value * ExactDecimal.powersOfTen[Int(s)]).rounded()
        let m: Int128
        if scaled.isNaN {
            m = 0
        } else if scaled.magnitude >= 1e38 {
            m = scaled < 0 ? -ExactDecimal.maxMantissa : ExactDecimal.maxMantissa
        } else {
            m = Int128(scaled)
        }
        self.init(unchecked: m, scale: s, padding: 0)
    }

    public var description: String {
        let negative = isNegative
        var digits = isNarrow ? String(Int64(bitPattern: low).magnitude) : String(mantissa.magnitude)
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

    /// -1, 0 or 1 as `lhs` is below, equal to or above `rhs`, exactly whatever the scales.
    @usableFromInline
    static func compare(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> Int {
        let a = lhs.mantissa, b = rhs.mantissa
        if lhs.scale == rhs.scale { return a < b ? -1 : (a == b ? 0 : 1) }
        // Bring the one with fewer decimals up to the other's scale. If that overflows 128 bits,
        // its magnitude is beyond any mantissa, so its sign decides.
        if lhs.scale < rhs.scale {
            let (up, overflow) = a.multipliedReportingOverflow(by: integerPowersOfTen[Int(rhs.scale - lhs.scale)])
            if overflow { return a < 0 ? -1 : 1 }
            return up < b ? -1 : (up == b ? 0 : 1)
        }
        let (up, overflow) = b.multipliedReportingOverflow(by: integerPowersOfTen[Int(lhs.scale - rhs.scale)])
        if overflow { return b < 0 ? 1 : -1 }
        return a < up ? -1 : (a == up ? 0 : 1)
    }

    @inlinable
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.scale == rhs.scale { return lhs.mantissa < rhs.mantissa }
        return compare(lhs, rhs) < 0
    }

    @inlinable
    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.scale == rhs.scale { return lhs.low == rhs.low && lhs.high == rhs.high }
        return compare(lhs, rhs) == 0
    }

    public func hash(into hasher: inout Hasher) {
        let n = normalized
        hasher.combine(n.low)
        hasher.combine(n.high)
        hasher.combine(n.scale)
    }

    /// Sum at the larger scale; throws `Overflow` beyond 38 digits.
    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) throws(Overflow) -> ExactDecimal {
        try combine(lhs, rhs) { $0.addingReportingOverflow($1) }
    }

    /// Difference at the larger scale; throws `Overflow` beyond 38 digits.
    public static func - (lhs: ExactDecimal, rhs: ExactDecimal) throws(Overflow) -> ExactDecimal {
        try combine(lhs, rhs) { $0.subtractingReportingOverflow($1) }
    }

    private static func combine(_ lhs: ExactDecimal, _ rhs: ExactDecimal,
                                _ operation: (Int128, Int128) -> (partialValue: Int128, overflow: Bool)) throws(Overflow) -> ExactDecimal {
        let s = max(lhs.scale, rhs.scale)
        guard let a = lhs.rescaled(to: s), let b = rhs.rescaled(to: s) else { throw Overflow() }
        let (m, overflow) = operation(a.mantissa, b.mantissa)
        guard !overflow, let result = ExactDecimal(exactMantissa: m, scale: s) else { throw Overflow() }
        return result
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
    static let powersOfTen: [Double] = (0...38).map { p in Double("1e\(p)") ?? .infinity }
    @usableFromInline
    static let integerPowersOfTen: [Int128] = (0...38).map { p in (0..<p).reduce(Int128(1)) { r, _ in r * 10 } }
}
