import MarketModel

/// Typed reads of recorded fields. A wrong JSON type, an out-of-range number or an unreadable
/// decimal is an error; nothing is coerced, so a value is either exact or not produced.
extension FrameParser {
    func kind(_ value: ValueRef) -> JSONValueKind {
        switch base[value.index] {
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default:
            var i = value.index
            if base[i] == UInt8(ascii: "-") { i &+= 1 }
            while i < count && base[i] &- UInt8(ascii: "0") < 10 { i &+= 1 }
            return i < count && (base[i] == UInt8(ascii: ".") || base[i] | 0x20 == UInt8(ascii: "e")) ? .number : .integer
        }
    }

    @inline(__always)
    func present(_ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> ValueRef {
        let value = table[slot]
        guard value.isPresent else { throw .missingField(table.name(slot)) }
        return value
    }

    /// Absent and `null` both mean "not given" for optional fields.
    @inline(__always)
    func optional(_ table: FieldTable, _ slot: Int) -> ValueRef? {
        let value = table[slot]
        guard value.isPresent, base[value.index] != UInt8(ascii: "n") else { return nil }
        return value
    }

    @inline(__always)
    func int64(_ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> Int64 {
        try int64(present(table, slot), table, slot)
    }

    func optionalInt64(_ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> Int64? {
        guard let value = optional(table, slot) else { return nil }
        return try int64(value, table, slot)
    }

    /// Digits up to the end of the number; a fraction or exponent makes it the wrong type.
    @inline(__always)
    func int64(_ value: ValueRef, _ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> Int64 {
        var i = value.index
        var negative = false
        if base[i] == UInt8(ascii: "-") {
            negative = true
            i &+= 1
        } else if base[i] &- UInt8(ascii: "0") >= 10 {
            throw .wrongType(field: table.name(slot), expected: .integer, found: kind(value))
        }
        var magnitude: UInt64 = 0
        var digits = 0
        if i &+ 8 <= count && FrameParser.allDigits(eightBytes(at: i)) {
            magnitude = FrameParser.eightDigitValue(eightBytes(at: i))
            digits = 8
            i &+= 8
        }
        while i < count {
            let digit = base[i] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            // 18 digits cannot overflow; only longer numbers pay for the checks.
            if digits < 18 {
                magnitude = magnitude &* 10 &+ UInt64(digit)
            } else {
                let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(UInt64(digit))
                if o1 || o2 { throw .numberOutOfRange(field: table.name(slot)) }
                magnitude = m2
            }
            digits &+= 1
            i &+= 1
        }
        if i < count && (base[i] == UInt8(ascii: ".") || base[i] | 0x20 == UInt8(ascii: "e")) {
            throw .wrongType(field: table.name(slot), expected: .integer, found: .number)
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) &+ 1 else { throw .numberOutOfRange(field: table.name(slot)) }
            return magnitude == UInt64(Int64.max) &+ 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw .numberOutOfRange(field: table.name(slot)) }
        return Int64(magnitude)
    }

    @inline(__always)
    func bool(_ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> Bool {
        let value = try present(table, slot)
        switch base[value.index] {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: throw .wrongType(field: table.name(slot), expected: .bool, found: kind(value))
        }
    }

    /// The raw bytes between the quotes of a string field.
    @inline(__always)
    func stringContent(_ value: ValueRef, _ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> UnsafeBufferPointer<UInt8> {
        guard base[value.index] == UInt8(ascii: "\"") else {
            throw .wrongType(field: table.name(slot), expected: .string, found: kind(value))
        }
        let start = value.index &+ 1
        return UnsafeBufferPointer(start: base + start, count: stringEnd(from: start) &- start)
    }

    @inline(__always)
    func stringContent(_ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> UnsafeBufferPointer<UInt8> {
        try stringContent(present(table, slot), table, slot)
    }

    /// The closing quote of a validated string whose content starts at `start`.
    @inline(__always)
    func stringEnd(from start: Int) -> Int {
        var i = start
        // Eight bytes at a time up to the first quote or backslash (see `scanString`).
        while i &+ 8 <= count {
            let v = eightBytes(at: i)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let quote = v ^ (ones &* 0x22)
            let backslash = v ^ (ones &* 0x5C)
            let flags = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & (ones &* 0x80)
            if flags != 0 {
                i &+= flags.trailingZeroBitCount &>> 3
                break
            }
            i &+= 8
        }
        while true {
            let c = base[i]
            if c == UInt8(ascii: "\"") { return i }
            i &+= c == UInt8(ascii: "\\") ? 2 : 1
        }
    }

    @inline(__always)
    func decimal(_ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> ExactDecimal {
        try decimal(present(table, slot), table, slot)
    }

    func optionalDecimal(_ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> ExactDecimal? {
        guard let value = optional(table, slot) else { return nil }
        return try decimal(value, table, slot)
    }

    /// The common shape ("10437.32000000": digits with at most one inner point, at most 18
    /// characters, so no overflow is possible) is read in one pass up to the closing quote,
    /// without per-digit overflow checks. Anything else goes to `ExactDecimal.parse`, which
    /// gives the same value wherever both apply.
    @inline(__always)
    func decimal(_ value: ValueRef, _ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> ExactDecimal {
        let start = value.index &+ 1
        if base[value.index] == UInt8(ascii: "\"") {
            // Wrapping arithmetic: a result from more than 18 characters is thrown away.
            var i = start
            var mantissa: Int64 = 0
            readDigits(&i, into: &mantissa)
            let integerDigits = i &- start
            var scale = 0
            if integerDigits > 0 && base[i] == UInt8(ascii: ".") {
                i &+= 1
                let fractionStart = i
                readDigits(&i, into: &mantissa)
                scale = i &- fractionStart
                if scale == 0 { i = start } // "12." is not a decimal Binance sends
            }
            if integerDigits > 0 && base[i] == UInt8(ascii: "\"") && i &- start <= 18 {
                return ExactDecimal(mantissa: mantissa, scale: UInt8(scale))
            }
        }
        let text = try stringContent(value, table, slot)
        guard let parsed = ExactDecimal.parse(text) else {
            throw FrameParser.looksNumeric(text)
                ? .numberOutOfRange(field: table.name(slot))
                : .invalidValue(field: table.name(slot))
        }
        return parsed
    }

    /// Appends a run of digits to `value`, eight at a time where possible.
    @inline(__always)
    func readDigits(_ i: inout Int, into value: inout Int64) {
        if i &+ 8 <= count && FrameParser.allDigits(eightBytes(at: i)) {
            value = value &* 100_000_000 &+ Int64(FrameParser.eightDigitValue(eightBytes(at: i)))
            i &+= 8
        }
        while true {
            let digit = base[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return }
            value = value &* 10 &+ Int64(digit)
            i &+= 1
        }
    }

    /// Plain decimal syntax that `ExactDecimal` still refused: too many digits or decimals.
    static func looksNumeric(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0
        var points = 0
        for (i, c) in text.enumerated() {
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                digits += 1
            } else if c == UInt8(ascii: ".") {
                points += 1
            } else if !(i == 0 && (c == UInt8(ascii: "-") || c == UInt8(ascii: "+"))) {
                return false
            }
        }
        return digits > 0 && points <= 1 && text.last != UInt8(ascii: ".")
    }

    @inline(__always)
    func symbol(_ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> Symbol {
        let text = try stringContent(table, slot)
        guard !text.isEmpty else { throw .invalidValue(field: table.name(slot)) }
        let symbol = text.contains(UInt8(ascii: "\\"))
            ? FrameParser.unescape(text).withUnsafeBytes { Symbol(exchangeBytes: $0) }
            : Symbol(exchangeBytes: UnsafeRawBufferPointer(text))
        guard let symbol else {
            throw .invalidValue(field: table.name(slot))
        }
        return symbol
    }

    @inline(__always)
    func interval(_ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> Interval {
        let text = try stringContent(table, slot)
        guard let interval = FrameParser.interval(text) else { throw .invalidValue(field: table.name(slot)) }
        return interval
    }

    /// Matches the bytes against Binance's interval names without building a String.
    static func interval(_ t: UnsafeBufferPointer<UInt8>) -> Interval? {
        if t.count == 2 {
            switch (t[0], t[1]) {
            case (UInt8(ascii: "1"), UInt8(ascii: "s")): return .s1
            case (UInt8(ascii: "1"), UInt8(ascii: "m")): return .m1
            case (UInt8(ascii: "3"), UInt8(ascii: "m")): return .m3
            case (UInt8(ascii: "5"), UInt8(ascii: "m")): return .m5
            case (UInt8(ascii: "1"), UInt8(ascii: "h")): return .h1
            case (UInt8(ascii: "2"), UInt8(ascii: "h")): return .h2
            case (UInt8(ascii: "4"), UInt8(ascii: "h")): return .h4
            case (UInt8(ascii: "6"), UInt8(ascii: "h")): return .h6
            case (UInt8(ascii: "8"), UInt8(ascii: "h")): return .h8
            case (UInt8(ascii: "1"), UInt8(ascii: "d")): return .d1
            case (UInt8(ascii: "3"), UInt8(ascii: "d")): return .d3
            case (UInt8(ascii: "1"), UInt8(ascii: "w")): return .w1
            case (UInt8(ascii: "1"), UInt8(ascii: "M")): return .mo1
            default: return nil
            }
        }
        if t.count == 3 {
            switch (t[0], t[1], t[2]) {
            case (UInt8(ascii: "1"), UInt8(ascii: "5"), UInt8(ascii: "m")): return .m15
            case (UInt8(ascii: "3"), UInt8(ascii: "0"), UInt8(ascii: "m")): return .m30
            case (UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "h")): return .h12
            default: return nil
            }
        }
        return nil
    }

    /// The string value of validated string content, resolving escapes when there are any.
    static func string(_ text: UnsafeBufferPointer<UInt8>) -> String {
        guard text.contains(UInt8(ascii: "\\")) else { return String(decoding: text, as: UTF8.self) }
        return String(decoding: unescape(text), as: UTF8.self)
    }

    /// Resolves escapes in content the scanner already validated (so every escape is well formed
    /// and surrogates come in pairs).
    static func unescape(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        func hex(_ at: Int) -> UInt32 {
            var v: UInt32 = 0
            for j in at..<at + 4 {
                let c = text[j]
                let d: UInt32 = c <= 57 ? UInt32(c - 48) : (c <= 70 ? UInt32(c - 55) : UInt32(c - 87))
                v = v << 4 | d
            }
            return v
        }
        while i < text.count {
            let c = text[i]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            let e = text[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex(i)
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    let low = hex(i + 2)
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                out.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}")!)
            default: out.append(e)
            }
        }
        return out
    }
}
