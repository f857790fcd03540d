extension ExactDecimal {
    /// Appends exactly what `description` says, as ASCII, without making a String: the
    /// NDJSON writer formats several decimals per message.
    public func appendDigits(to out: inout [UInt8]) {
        if mantissa < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = mantissa.magnitude
        // Digits are made backwards into a fixed buffer on the stack (UInt64 has at most 20).
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            let s = Int(scale)
            if s > 0, count <= s {
                while count <= s {
                    buffer[count] = UInt8(ascii: "0")
                    count += 1
                }
            }
            var i = count - 1
            while i >= 0 {
                if s > 0, i == s - 1 { out.append(UInt8(ascii: ".")) }
                out.append(buffer[i])
                i -= 1
            }
        }
        if padding > 0 {
            if scale == 0 { out.append(UInt8(ascii: ".")) }
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: Int(padding)))
        }
    }
}

extension Int64 {
    /// Appends the decimal digits, as `String(self)` would write them.
    public func appendDigits(to out: inout [UInt8]) {
        ExactDecimal(mantissa: self, scale: 0).appendDigits(to: &out)
    }
}
