extension ExactDecimal {
    /// The most bytes `writeDigits` produces: sign, 20 digits, point, leading zero, padding.
    public var maxDigitsCount: Int { 24 + Int(padding) }

    /// Writes exactly what `description` says, as ASCII, at `out` (room for `maxDigitsCount`
    /// bytes) and returns how many bytes it wrote: the NDJSON writer formats several decimals
    /// per message, without a String.
    public func writeDigits(to out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        if mantissa < 0 {
            out[0] = UInt8(ascii: "-")
            n = 1
        }
        // The magnitude's digits, two at a time from the right, into 20 bytes of scratch.
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &scratch) { raw -> Int in
            let digits = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var start = maxMagnitudeDigits
            var magnitude = mantissa.magnitude
            let pairs = decimalDigitPairs.utf8Start
            while magnitude >= 100 {
                let pair = Int(magnitude % 100) &* 2
                magnitude /= 100
                start -= 2
                digits[start] = pairs[pair]
                digits[start + 1] = pairs[pair + 1]
            }
            if magnitude >= 10 {
                let pair = Int(magnitude) &* 2
                start -= 2
                digits[start] = pairs[pair]
                digits[start + 1] = pairs[pair + 1]
            } else {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude)
            }
            let count = maxMagnitudeDigits - start
            let s = Int(scale)
            if s == 0 {
                (out + n).update(from: digits + start, count: count)
                n += count
            } else if count > s {
                // "70000.12"
                (out + n).update(from: digits + start, count: count - s)
                n += count - s
                out[n] = UInt8(ascii: ".")
                (out + n + 1).update(from: digits + start + count - s, count: s)
                n += 1 + s
            } else {
                // At least one digit before the point: "0.00002075".
                out[n] = UInt8(ascii: "0")
                out[n + 1] = UInt8(ascii: ".")
                (out + n + 2).update(repeating: UInt8(ascii: "0"), count: s - count)
                (out + n + 2 + s - count).update(from: digits + start, count: count)
                n += 2 + s
            }
            if padding > 0 {
                if s == 0 {
                    out[n] = UInt8(ascii: ".")
                    n += 1
                }
                (out + n).update(repeating: UInt8(ascii: "0"), count: Int(padding))
                n += Int(padding)
            }
            return n
        }
    }
}

/// "00", "01", ... "99": two digits per lookup.
private let decimalDigitPairs: StaticString = """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """

/// Digits in UInt64.max.
private let maxMagnitudeDigits = 20

extension Int64 {
    /// Writes the decimal digits, as `String(self)` would, at `out` (room for 20 bytes).
    public func writeDigits(to out: UnsafeMutablePointer<UInt8>) -> Int {
        ExactDecimal(mantissa: self, scale: 0).writeDigits(to: out)
    }
}
