extension ExactDecimal {
    /// The most bytes `writeDigits` produces: sign, 38 digits, point, leading zero, padding.
    public var maxDigitsCount: Int { 42 + Int(padding) }

    /// Writes exactly what `description` says, as ASCII, at `out` (room for `maxDigitsCount`
    /// bytes) and returns how many bytes it wrote: the NDJSON writer formats several decimals
    /// per message, without a String.
    public func writeDigits(to out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        if isNegative {
            out[0] = UInt8(ascii: "-")
            n = 1
        }
        let s = Int(scale)
        if isNarrow && s <= 19 {
            // Every price and nearly every volume: 64-bit division.
            let magnitude = Int64(bitPattern: low).magnitude
            if s == 0 {
                n += writeDigitsBackward(magnitude, endingAt: out + n + digitCount(magnitude), minimum: 1)
            } else {
                // At least one digit before the point: "0.00002075".
                var divisor: UInt64 = 1
                for _ in 0..<s { divisor &*= 10 }
                let whole = magnitude / divisor
                let fraction = magnitude &- whole &* divisor
                n += writeDigitsBackward(whole, endingAt: out + n + digitCount(whole), minimum: 1)
                out[n] = UInt8(ascii: ".")
                n += 1
                n += writeDigitsBackward(fraction, endingAt: out + n + s, minimum: s)
            }
        } else {
            let magnitude = mantissa.magnitude
            let (whole, fraction) = magnitude.quotientAndRemainder(dividingBy: UInt128(ExactDecimal.integerPowersOfTen[s]))
            n += writeWideDigitsBackward(whole, endingAt: out + n + wideDigitCount(whole), minimum: 1)
            if s > 0 {
                out[n] = UInt8(ascii: ".")
                n += 1
                n += writeWideDigitsBackward(fraction, endingAt: out + n + s, minimum: s)
            }
        }
        if padding > 0 {
            if s == 0 {
                out[n] = UInt8(ascii: ".")
                n += 1
            }
            for _ in 0..<Int(padding) {
                out[n] = UInt8(ascii: "0")
                n += 1
            }
        }
        return n
    }
}

/// Decimal digits of a 128-bit `value` (1 for zero).
private func wideDigitCount(_ value: UInt128) -> Int {
    var count = 1
    var rest = value
    while rest >= 10 {
        rest /= 10
        count += 1
    }
    return count
}

/// `writeDigitsBackward` for 128 bits: nineteen digits at a time while the rest needs more
/// than 64 bits.
private func writeWideDigitsBackward(_ value: UInt128, endingAt end: UnsafeMutablePointer<UInt8>, minimum: Int) -> Int {
    var rest = value
    var p = end
    while rest > UInt128(UInt64.max) {
        let (q, r) = rest.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
        p -= writeDigitsBackward(UInt64(r), endingAt: p, minimum: 19)
        rest = q
    }
    p -= writeDigitsBackward(UInt64(rest), endingAt: p, minimum: 1)
    while end - p < minimum {
        p -= 1
        p[0] = UInt8(ascii: "0")
    }
    return end - p
}

/// Decimal digits of `value` (1 for zero).
@inline(__always)
private func digitCount(_ value: UInt64) -> Int {
    var count = 1
    var bound: UInt64 = 10
    while count < 20, value >= bound {
        count += 1
        bound &*= 10
    }
    return count
}

/// Writes `value`'s digits so that the last one is just before `end`, two at a time from the
/// right, zero-filled to `minimum` digits; returns how many it wrote. The bytes are stored one
/// by one: a call to memmove for a few bytes costs more than the digits.
@inline(__always)
private func writeDigitsBackward(_ value: UInt64, endingAt end: UnsafeMutablePointer<UInt8>, minimum: Int) -> Int {
    let pairs = decimalDigitPairs.utf8Start
    var rest = value
    var p = end
    while rest >= 100 {
        let pair = Int(rest % 100) &* 2
        rest /= 100
        p -= 2
        p[0] = pairs[pair]
        p[1] = pairs[pair + 1]
    }
    if rest >= 10 {
        let pair = Int(rest) &* 2
        p -= 2
        p[0] = pairs[pair]
        p[1] = pairs[pair + 1]
    } else {
        p -= 1
        p[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest)
    }
    while end - p < minimum {
        p -= 1
        p[0] = UInt8(ascii: "0")
    }
    return end - p
}

/// "00", "01", ... "99": two digits per lookup.
private let decimalDigitPairs: StaticString = """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """

extension Int64 {
    /// Writes the decimal digits, as `String(self)` would, at `out` (room for 20 bytes).
    public func writeDigits(to out: UnsafeMutablePointer<UInt8>) -> Int {
        ExactDecimal(mantissa: self, scale: 0).writeDigits(to: out)
    }
}
