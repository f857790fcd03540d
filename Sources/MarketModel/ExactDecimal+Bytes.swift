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
        var magnitude = mantissa.magnitude
        var digits = 0
        var probe = magnitude
        repeat {
            digits += 1
            probe /= 10
        } while probe > 0
        let s = Int(scale)
        // At least one digit before the point: "0.00002075".
        let total = Swift.max(digits, s + 1)
        let length = total + (s > 0 ? 1 : 0)
        var i = n + length - 1
        var written = 0
        while written < total {
            if s > 0, written == s {
                out[i] = UInt8(ascii: ".")
                i -= 1
            }
            out[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            i -= 1
            written += 1
        }
        n += length
        if padding > 0 {
            if scale == 0 {
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

extension Int64 {
    /// Writes the decimal digits, as `String(self)` would, at `out` (room for 20 bytes).
    public func writeDigits(to out: UnsafeMutablePointer<UInt8>) -> Int {
        ExactDecimal(mantissa: self, scale: 0).writeDigits(to: out)
    }
}
