/// The byte-level JSON reader behind `StreamDecoder`. It validates the whole frame (strings with
/// escapes and UTF-8, numbers, literals, nesting) and records where each known key's value sits
/// in fixed tables, so a frame is read once and no intermediate String, array or dictionary is
/// built. Objects under `data`, `k` and `error` get tables of their own while the parent is read,
/// because those are the objects the event decoders look into.
struct FrameParser {
    static let maxDepth = 32
    /// Table roles: the frame itself, the combined envelope's `data` (or an array element),
    /// a kline's `k`, and a nested `error`.
    static let topRole = 0, dataRole = 1, klineRole = 2, errorRole = 3
    static let roleCount = 4
    /// Entries for the tables plus two bookkeeping entries per role.
    static let storageCount = roleCount * FieldKey.slotCount + 2 * roleCount
    static let metaBase = roleCount * FieldKey.slotCount

    let base: UnsafePointer<UInt8>
    let count: Int
    /// `roleCount` tables of `slotCount` entries, then per role the start of the object the
    /// table holds (-1: nothing yet in this frame) and its depth.
    let storage: UnsafeMutablePointer<ValueRef>
    var pos = 0
    /// Unknown event types met in this frame (the frame itself or array elements).
    var unknownEvents = 0

    init(base: UnsafePointer<UInt8>, count: Int, storage: UnsafeMutablePointer<ValueRef>) {
        self.base = base
        self.count = count
        self.storage = storage
        for role in 0..<FrameParser.roleCount {
            storage[FrameParser.metaBase + 2 * role] = ValueRef(offset: -1)
        }
    }

    @inline(__always)
    func table(_ role: Int) -> FieldTable {
        FieldTable(slots: storage + role * FieldKey.slotCount, role: role,
                   depth: storage[FrameParser.metaBase + 2 * role + 1].index)
    }

    @inline(__always)
    private func source(_ role: Int) -> Int32 { storage[FrameParser.metaBase + 2 * role].offset }

    // MARK: - Structure

    // The hot loops work on a local copy of `pos`: kept in a register instead of being
    // reloaded from `self` on every byte.

    @inline(__always)
    mutating func skipWhitespace() {
        pos = whitespaceEnd(from: pos)
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(StreamDecodeError) {
        guard pos < count else { throw .truncated(at: count) }
        guard base[pos] == byte else { throw .unexpectedByte(base[pos], at: pos) }
        pos &+= 1
    }

    /// Reads the object at `pos` into the table of `role`, descending eagerly into `data`, `k`
    /// and `error` objects whose tables are still free.
    mutating func parseObject(role: Int, depth: Int) throws(StreamDecodeError) {
        guard depth <= FrameParser.maxDepth else {
            throw .tooDeeplyNested(at: pos, limit: FrameParser.maxDepth)
        }
        let slots = storage + role * FieldKey.slotCount
        slots.initialize(repeating: .absent, count: FieldKey.slotCount)
        storage[FrameParser.metaBase + 2 * role] = ValueRef(offset: Int32(pos))
        storage[FrameParser.metaBase + 2 * role + 1] = ValueRef(offset: Int32(depth))
        // A local position between the value scans, which work on `pos`.
        var p = whitespaceEnd(from: pos &+ 1)
        guard p < count else { throw .truncated(at: count) }
        if base[p] == UInt8(ascii: "}") {
            pos = p &+ 1
            return
        }
        while true {
            guard p < count else { throw .truncated(at: count) }
            guard base[p] == UInt8(ascii: "\"") else { throw .unexpectedByte(base[p], at: p) }
            let keyStart = p &+ 1
            let slot: Int
            if keyStart &+ 2 < count && base[keyStart &+ 1] == UInt8(ascii: "\"") && base[keyStart] >= 0x20
                && base[keyStart] < 0x80 && base[keyStart] != UInt8(ascii: "\\") && base[keyStart] != UInt8(ascii: "\"") {
                // One-letter keys, almost all of Binance's, need no string scan.
                slot = FieldKey.letterSlot(base[keyStart])
                p = keyStart &+ 2
            } else {
                pos = p
                let escaped = try scanString()
                p = pos
                // An escaped key never matches: Binance does not escape its keys.
                slot = escaped ? -1 : FieldKey.slot(base + keyStart, count: p &- 1 &- keyStart)
            }
            // Compact JSON first: whitespace is only looked for where a separator is not found.
            if p < count && base[p] == UInt8(ascii: ":") {
                p &+= 1
            } else {
                p = whitespaceEnd(from: p)
                guard p < count else { throw .truncated(at: count) }
                guard base[p] == UInt8(ascii: ":") else { throw .unexpectedByte(base[p], at: p) }
                p &+= 1
            }
            if p < count && base[p] <= 0x20 { p = whitespaceEnd(from: p) }
            guard p < count else { throw .truncated(at: count) }
            let first = base[p]
            pos = p
            if first == UInt8(ascii: "\"") {
                _ = try scanString()
            } else if first &- UInt8(ascii: "0") < 10 {
                try scanNumber()
            } else if first == UInt8(ascii: "{") && FrameParser.childRole(forSlot: slot) >= 0
                        && isFree(FrameParser.childRole(forSlot: slot)) {
                try parseObject(role: FrameParser.childRole(forSlot: slot), depth: depth &+ 1)
            } else {
                try skipValue(depth: depth &+ 1)
            }
            if slot >= 0 {
                slots[slot] = ValueRef(offset: Int32(p))
            }
            p = pos
            if p < count && base[p] <= 0x20 { p = whitespaceEnd(from: p) }
            guard p < count else { throw .truncated(at: count) }
            let c = base[p]
            p &+= 1
            if c == UInt8(ascii: "}") {
                pos = p
                return
            }
            guard c == UInt8(ascii: ",") else { throw .unexpectedByte(c, at: p &- 1) }
            if p < count && base[p] <= 0x20 { p = whitespaceEnd(from: p) }
        }
    }

    @inline(__always)
    func whitespaceEnd(from start: Int) -> Int {
        var p = start
        while p < count {
            let c = base[p]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { break }
            p &+= 1
        }
        return p
    }

    @inline(__always)
    static func childRole(forSlot slot: Int) -> Int {
        switch slot {
        case FieldKey.data: return dataRole
        case FieldKey.k: return klineRole
        case FieldKey.error: return errorRole
        default: return -1
        }
    }

    @inline(__always)
    func isFree(_ role: Int) -> Bool { source(role) < 0 }

    /// The table for the object at `value`, reading it again only when its role's table holds
    /// another object (a frame with two objects under the same key name at different levels).
    mutating func childTable(_ value: ValueRef, role: Int, parentDepth: Int) throws(StreamDecodeError) -> FieldTable {
        if source(role) != value.offset {
            let saved = pos
            pos = value.index
            try parseObject(role: role, depth: parentDepth &+ 1)
            pos = saved
        }
        return table(role)
    }

    /// Validates and passes over any value.
    mutating func skipValue(depth: Int) throws(StreamDecodeError) {
        guard pos < count else { throw .truncated(at: count) }
        switch base[pos] {
        case UInt8(ascii: "\""):
            _ = try scanString()
        case UInt8(ascii: "{"):
            try skipContainer(depth: depth, close: UInt8(ascii: "}"), keyed: true)
        case UInt8(ascii: "["):
            try skipContainer(depth: depth, close: UInt8(ascii: "]"), keyed: false)
        case UInt8(ascii: "t"):
            try scanLiteral("true")
        case UInt8(ascii: "f"):
            try scanLiteral("false")
        case UInt8(ascii: "n"):
            try scanLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
        default:
            throw .unexpectedByte(base[pos], at: pos)
        }
    }

    private mutating func skipContainer(depth: Int, close: UInt8, keyed: Bool) throws(StreamDecodeError) {
        guard depth <= FrameParser.maxDepth else {
            throw .tooDeeplyNested(at: pos, limit: FrameParser.maxDepth)
        }
        pos &+= 1
        skipWhitespace()
        guard pos < count else { throw .truncated(at: count) }
        if base[pos] == close {
            pos &+= 1
            return
        }
        while true {
            if keyed {
                guard pos < count else { throw .truncated(at: count) }
                guard base[pos] == UInt8(ascii: "\"") else { throw .unexpectedByte(base[pos], at: pos) }
                _ = try scanString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
            }
            try skipValue(depth: depth &+ 1)
            skipWhitespace()
            guard pos < count else { throw .truncated(at: count) }
            let c = base[pos]
            pos &+= 1
            if c == close { return }
            guard c == UInt8(ascii: ",") else { throw .unexpectedByte(c, at: pos &- 1) }
            skipWhitespace()
        }
    }

    // MARK: - Scalars

    /// Passes over the string whose opening quote is at `pos`; returns whether it holds escapes.
    @inline(__always)
    mutating func scanString() throws(StreamDecodeError) -> Bool {
        var p = pos &+ 1
        let base = self.base
        let count = self.count
        // Eight bytes at a time: flag the bytes that need a closer look (quote, backslash,
        // control byte, non-ASCII). The lowest flag is always exact (the borrows of the
        // subtractions only run upwards), so it points straight at the first such byte.
        while p &+ 8 <= count {
            let v = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
            let ones: UInt64 = 0x0101_0101_0101_0101
            let quote = v ^ (ones &* 0x22)
            let backslash = v ^ (ones &* 0x5C)
            let flags = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | ((v &- ones &* 0x20) & ~v) | v) & (ones &* 0x80)
            if flags != 0 {
                p &+= flags.trailingZeroBitCount &>> 3
                if base[p] == UInt8(ascii: "\"") {
                    pos = p &+ 1
                    return false
                }
                pos = p
                return try scanStringTail()
            }
            p &+= 8
        }
        while p < count {
            let c = base[p]
            if c == UInt8(ascii: "\"") {
                pos = p &+ 1
                return false
            }
            if c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { break }
            p &+= 1
        }
        pos = p
        return try scanStringTail()
    }

    /// The rest of a string from the first byte that is not plain ASCII.
    @inline(never)
    mutating func scanStringTail() throws(StreamDecodeError) -> Bool {
        var escaped = false
        while pos < count {
            let c = base[pos]
            if c == UInt8(ascii: "\"") {
                pos &+= 1
                return escaped
            }
            if c == UInt8(ascii: "\\") {
                escaped = true
                try scanEscape()
            } else if c < 0x20 {
                throw .unexpectedByte(c, at: pos)
            } else if c >= 0x80 {
                try scanMultiByteScalar()
            } else {
                pos &+= 1
            }
        }
        throw .truncated(at: count)
    }

    private mutating func scanEscape() throws(StreamDecodeError) {
        guard pos &+ 1 < count else { throw .truncated(at: count) }
        switch base[pos &+ 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos &+= 2
        case UInt8(ascii: "u"):
            let escapeStart = pos
            let unit = try hex4(at: pos &+ 2)
            pos &+= 6
            if unit >= 0xDC00 && unit <= 0xDFFF { throw .invalidEscape(at: escapeStart) }
            if unit >= 0xD800 && unit <= 0xDBFF {
                // A high surrogate must be followed by an escaped low surrogate.
                guard pos &+ 1 < count else { throw .truncated(at: count) }
                guard base[pos] == UInt8(ascii: "\\"), base[pos &+ 1] == UInt8(ascii: "u") else {
                    throw .invalidEscape(at: escapeStart)
                }
                let low = try hex4(at: pos &+ 2)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw .invalidEscape(at: escapeStart) }
                pos &+= 6
            }
        default:
            throw .invalidEscape(at: pos)
        }
    }

    func hex4(at offset: Int) throws(StreamDecodeError) -> UInt32 {
        var value: UInt32 = 0
        for i in 0..<4 {
            guard offset &+ i < count else { throw .truncated(at: count) }
            let c = base[offset &+ i]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c &- 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c &- 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c &- 55
            default: throw .invalidEscape(at: offset &- 2)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Validates one UTF-8 scalar of two to four bytes (no overlongs, surrogates or values
    /// above U+10FFFF), the lead byte at `pos`.
    private mutating func scanMultiByteScalar() throws(StreamDecodeError) {
        let lead = base[pos]
        let trailing: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: trailing = 1
        case 0xE0: trailing = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: trailing = 2
        case 0xED: trailing = 2; high = 0x9F
        case 0xF0: trailing = 3; low = 0x90
        case 0xF1...0xF3: trailing = 3
        case 0xF4: trailing = 3; high = 0x8F
        default: throw .invalidUTF8(at: pos)
        }
        var i = 1
        while i <= trailing {
            guard pos &+ i < count else { throw .truncated(at: count) }
            let b = base[pos &+ i]
            guard b >= low && b <= high else { throw .invalidUTF8(at: pos &+ i) }
            low = 0x80
            high = 0xBF
            i &+= 1
        }
        pos &+= trailing &+ 1
    }

    /// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    @inline(__always)
    mutating func scanNumber() throws(StreamDecodeError) {
        // Binance's ids and times: a plain positive integer, read without leaving registers.
        var p = pos
        if base[p] &- UInt8(ascii: "1") < 9 {
            p &+= 1
            while p &+ 8 <= count && FrameParser.allDigits(eightBytes(at: p)) { p &+= 8 }
            while p < count && base[p] &- UInt8(ascii: "0") < 10 { p &+= 1 }
            if p < count && base[p] != UInt8(ascii: ".") && base[p] | 0x20 != UInt8(ascii: "e") {
                pos = p
                return
            }
        }
        try scanGeneralNumber()
    }

    @inline(never)
    private mutating func scanGeneralNumber() throws(StreamDecodeError) {
        if base[pos] == UInt8(ascii: "-") { pos &+= 1 }
        guard pos < count else { throw .truncated(at: count) }
        let first = base[pos]
        if first == UInt8(ascii: "0") {
            pos &+= 1
        } else if first >= UInt8(ascii: "1") && first <= UInt8(ascii: "9") {
            scanDigits()
        } else {
            throw .unexpectedByte(first, at: pos)
        }
        // Integers, the only numbers Binance sends, end here.
        guard pos < count, base[pos] == UInt8(ascii: ".") || base[pos] | 0x20 == UInt8(ascii: "e") else { return }
        if pos < count && base[pos] == UInt8(ascii: ".") {
            pos &+= 1
            try requireDigit()
            scanDigits()
        }
        if pos < count && (base[pos] == UInt8(ascii: "e") || base[pos] == UInt8(ascii: "E")) {
            pos &+= 1
            if pos < count && (base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-")) { pos &+= 1 }
            try requireDigit()
            scanDigits()
        }
    }

    @inline(__always)
    private mutating func scanDigits() {
        var p = pos
        while p &+ 8 <= count && FrameParser.allDigits(eightBytes(at: p)) { p &+= 8 }
        while p < count && base[p] &- UInt8(ascii: "0") < 10 { p &+= 1 }
        pos = p
    }

    private func requireDigit() throws(StreamDecodeError) {
        guard pos < count else { throw .truncated(at: count) }
        let c = base[pos]
        guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { throw .unexpectedByte(c, at: pos) }
    }

    private mutating func scanLiteral(_ literal: StaticString) throws(StreamDecodeError) {
        let text = literal.utf8Start
        for i in 0..<literal.utf8CodeUnitCount {
            guard pos < count else { throw .truncated(at: count) }
            guard base[pos] == text[i] else { throw .unexpectedByte(base[pos], at: pos) }
            pos &+= 1
        }
    }
}
