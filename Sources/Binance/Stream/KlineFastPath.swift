import MarketModel

/// The frame a monitor receives most, read in one pass: a kline exactly as Binance sends it,
/// raw or in the combined envelope.
///
///     {"stream":"btcusdt@kline_1m","data":{"e":"kline","E":…,"s":"BTCUSDT","k":{"t":…,"T":…,
///      "s":"BTCUSDT","i":"1m","f":…,"L":…,"o":"…","c":"…","h":"…","l":"…","v":"…","n":…,
///      "x":false,"q":"…","V":"…","Q":"…","B":"0"}}}
///
/// Compact JSON, keys in Binance's fixed order, strings of printable ASCII without escapes,
/// integers of at most 18 digits and decimals of at most 18 digits. The keys and separators
/// between two values are compared a word at a time, and each value is checked against the
/// JSON grammar as it is read, so a frame the fast path accepts is valid JSON and every value
/// it returns is the one the general parser returns. At the first byte that does not fit this
/// shape it gives up and `FrameParser` reads the frame from the start: any other frame,
/// malformed ones included, gets the same answer or error as without the fast path.
///
/// It reads a copy of the frame followed by `padding` zero bytes, so no word load needs a
/// bounds check: the position never passes the frame's end (literals, digits and string
/// content are non-zero bytes, and a zero byte ends every scan), and no step reads more than
/// 32 bytes past the position. Reads go through `UnsafeRawPointer`: any memory can be read
/// as bytes.
@usableFromInline
enum KlineFastPath {
    @usableFromInline typealias Bytes = UnsafeRawPointer

    /// Zero bytes after the copied frame.
    static let padding = 32
    /// The scratch copy's size, on the stack: Binance's kline frames are 300 to 400 bytes.
    static let bufferSize = 768

    /// Reads a kline frame in Binance's own shape: its symbol, with the other values in
    /// `fields`; nil for any other frame (`fields` then holds whatever was read before).
    ///
    /// Not inlined: on its own, the fast path has the registers to itself, and giving up costs
    /// only a return. Each value goes to the caller's `fields` as soon as it is read, which
    /// frees its register, and the symbol comes back in registers; the caller then builds the
    /// Candle from them one field at a time.
    @usableFromInline @inline(never)
    static func read(_ frame: Bytes, count: Int, cache: inout KlineCache, into fields: inout KlineFields) -> Symbol? {
        // A first look at the original bytes, so other frames are not copied.
        guard count >= 24, count <= bufferSize - padding else { return nil }
        let head = word(frame)
        guard head == literalWord(#"{"e":"kline","E":"#, 0).value
                || head == literalWord(#"{"stream":""#, 0).value else { return nil }
        return withUnsafeTemporaryAllocation(byteCount: bufferSize, alignment: 16) { buffer in
            let copy = buffer.baseAddress!
            copy.copyMemory(from: frame, byteCount: count)
            for i in 0..<padding / 8 {
                copy.storeBytes(of: 0, toByteOffset: count + 8 * i, as: UInt64.self)
            }
            return read(padded: UnsafeRawPointer(copy), count: count, cache: &cache, into: &fields)
        }
    }

    /// The fast path proper, on a copy followed by `padding` zero bytes.
    @inline(__always)
    static func read(padded base: Bytes, count: Int, cache: inout KlineCache, into fields: inout KlineFields) -> Symbol? {
        var p = base
        let end = base + count
        // `{"e":"kline","E":` opens a raw frame, `{"stream":"` a combined one.
        let combined: Bool
        if match(p, #"{"e":"kline","E":"#) {
            combined = false
            p += 17
        } else {
            guard skip(&p, #"{"stream":""#), plainString(&p),
                  skip(&p, #"","data":{"e":"kline","E":"#) else { return nil }
            combined = true
        }
        // The event time is not part of a Candle: only its syntax is checked.
        guard integer(&p) != nil, skip(&p, #","s":""#) else { return nil }
        let symbolStart = p
        guard plainString(&p), p > symbolStart else { return nil }
        let symbolCount = p - symbolStart

        guard skip(&p, #"","k":{"t":"#), let openTime = integer(&p) else { return nil }
        fields.openTime = openTime
        guard skip(&p, #","T":"#), let closeTime = integer(&p) else { return nil }
        fields.closeTime = closeTime
        // The kline's own symbol: the payload's is the one used, this one is only validated,
        // most cheaply as a copy of the payload's (already validated) with its closing quote.
        guard skip(&p, #","s":""#) else { return nil }
        if symbolCount <= 15 && sameBytes(p, symbolStart, count: symbolCount &+ 1) {
            p += symbolCount
        } else {
            guard plainString(&p) else { return nil }
        }
        guard skip(&p, #"","i":""#), let interval = cache.interval(&p) else { return nil }
        fields.interval = interval
        guard skip(&p, #"","f":"#), tradeId(&p), skip(&p, #","L":"#), tradeId(&p) else { return nil }
        guard skip(&p, #","o":""#), let open = decimal(&p) else { return nil }
        fields.open = open
        guard skip(&p, #"","c":""#), let close = decimal(&p) else { return nil }
        fields.close = close
        guard skip(&p, #"","h":""#), let high = decimal(&p) else { return nil }
        fields.high = high
        guard skip(&p, #"","l":""#), let low = decimal(&p) else { return nil }
        fields.low = low
        guard skip(&p, #"","v":""#), let volume = decimal(&p) else { return nil }
        fields.volume = volume
        guard skip(&p, #"","n":"#), let trades = integer(&p) else { return nil }
        fields.trades = trades
        guard skip(&p, #","x":"#), let isClosed = bool(&p) else { return nil }
        fields.isClosed = isClosed
        guard skip(&p, #","q":""#), let quoteVolume = decimal(&p) else { return nil }
        fields.quoteVolume = quoteVolume
        guard skip(&p, #"","V":""#), let takerBase = decimal(&p) else { return nil }
        fields.takerBuyBaseVolume = takerBase
        guard skip(&p, #"","Q":""#), let takerQuote = decimal(&p) else { return nil }
        fields.takerBuyQuoteVolume = takerQuote
        // The ignored `B`, then the closing quote and braces.
        guard skip(&p, #"","B":""#), plainString(&p) else { return nil }
        let closing = combined ? 4 : 3
        guard end - p >= closing, byte(p, 0) == UInt8(ascii: "\""), byte(p, 1) == UInt8(ascii: "}"),
              byte(p, 2) == UInt8(ascii: "}"), !combined || byte(p, 3) == UInt8(ascii: "}") else { return nil }
        p += closing
        // Trailing whitespace only; anything else is the general parser's error to report.
        while p < end {
            let c = byte(p, 0)
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return nil }
            p += 1
        }
        return cache.symbol(symbolStart, count: symbolCount)
    }

    // MARK: - Bytes and words

    @inline(__always)
    static func byte(_ p: Bytes, _ offset: Int) -> UInt8 {
        p.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// Eight bytes, the first in the lowest byte.
    @inline(__always)
    static func word(_ p: Bytes) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
    }

    /// Eight bytes of `literal` from `offset` (fewer at its end, with a mask for them): constant
    /// folded, since the literal is known where this is inlined.
    @inline(__always)
    static func literalWord(_ literal: StaticString, _ offset: Int) -> (value: UInt64, mask: UInt64) {
        var value: UInt64 = 0
        var mask: UInt64 = 0
        var i = 0
        while i < 8 && offset + i < literal.utf8CodeUnitCount {
            value |= UInt64(literal.utf8Start[offset + i]) << (8 * i)
            mask |= 0xFF << (8 * i)
            i += 1
        }
        return (value, mask)
    }

    /// Whether `literal` (at most 32 bytes, none of them zero) is at `p`, a word at a time.
    @inline(__always)
    static func match(_ p: Bytes, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        var difference: UInt64 = 0
        var i = 0
        while i < n {
            let (value, mask) = literalWord(literal, i)
            difference |= (word(p + i) ^ value) & mask
            i += 8
        }
        return difference == 0
    }

    /// Whether the `count` (1...16) bytes at `a` and `b` are the same, compared as two words.
    @inline(__always)
    static func sameBytes(_ a: Bytes, _ b: Bytes, count: Int) -> Bool {
        let lowMask: UInt64 = count >= 8 ? ~0 : (1 &<< UInt64(8 &* count)) &- 1
        let highMask: UInt64 = count >= 16 ? ~0 : count <= 8 ? 0 : (1 &<< UInt64(8 &* (count &- 8))) &- 1
        return ((word(a) ^ word(b)) & lowMask) | ((word(a + 8) ^ word(b + 8)) & highMask) == 0
    }

    @inline(__always)
    static func skip(_ p: inout Bytes, _ literal: StaticString) -> Bool {
        guard match(p, literal) else { return false }
        p += literal.utf8CodeUnitCount
        return true
    }

    // MARK: - Values

    /// Passes over string content of printable ASCII without escapes, from `p` to the closing
    /// quote (left at `p`). False for anything else: the general parser validates that.
    @inline(__always)
    static func plainString(_ p: inout Bytes) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        while true {
            let v = word(p)
            let quote = v ^ (ones &* 0x22)
            let backslash = v ^ (ones &* 0x5C)
            // Quote, backslash, control byte or non-ASCII. The lowest flag is exact (borrows
            // only run upwards, from a byte that is flagged itself).
            let flags = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | ((v &- ones &* 0x20) & ~v) | v) & (ones &* 0x80)
            if flags != 0 {
                p += flags.trailingZeroBitCount &>> 3
                return byte(p, 0) == UInt8(ascii: "\"")
            }
            p += 8
        }
    }

    /// `x` = a word ^ 0x30…: digits are then the bytes 0...9.
    @inline(__always)
    static func digitBytes(_ p: Bytes) -> UInt64 {
        word(p) ^ 0x3030_3030_3030_3030
    }

    /// Flags (the high bit of a byte) the bytes of `x` (see `digitBytes`) that are not digits.
    /// The lowest flag is exact: a carry only leaves a byte that is flagged itself.
    @inline(__always)
    static func nonDigits(_ x: UInt64) -> UInt64 {
        ((x &+ 0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080
    }

    /// The number of digits at the start of `x`, 0...8.
    @inline(__always)
    static func digitCount(_ x: UInt64) -> Int {
        nonDigits(x).trailingZeroBitCount &>> 3
    }

    /// The value of eight digit bytes 0...9 (the first in the lowest byte); leading zero bytes
    /// read as leading zeros. `FrameParser.eightDigitValue` without its mask of ASCII.
    @inline(__always)
    static func value(ofDigits x: UInt64) -> UInt64 {
        let pairs = (x &* 2561) &>> 8
        let quads = ((pairs & 0x00FF_00FF_00FF_00FF) &* 6_553_601) &>> 16
        return ((quads & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) &>> 32
    }

    /// The value of the first `n` (1...8) digits of `x`: shifted to the top, they are an
    /// eight-digit number with leading zeros.
    @inline(__always)
    static func value(ofFirst n: Int, _ x: UInt64) -> UInt64 {
        value(ofDigits: x &<< UInt64(64 &- 8 &* n))
    }

    /// 10^n for n in 0...8; only for the rare decimals with fewer than eight decimals.
    @inline(__always)
    static func powerOfTen(_ n: Int) -> UInt64 {
        var power: UInt64 = n & 1 != 0 ? 10 : 1
        if n & 2 != 0 { power &*= 100 }
        if n & 4 != 0 { power &*= 10_000 }
        if n & 8 != 0 { power &*= 100_000_000 }
        return power
    }

    /// The value of `count` (8...18) digits at `p`, whose first word is `x`: the last eight
    /// digits and the ones before them are read as separate words, so no power of ten other
    /// than 10^8 is needed.
    @inline(__always)
    static func value(ofLong count: Int, at p: Bytes, _ x: UInt64) -> UInt64 {
        let extra = count &- 8
        let last = value(ofDigits: digitBytes(p + extra))
        if extra == 0 { return last }
        if extra <= 8 { return value(ofFirst: extra, x) &* 100_000_000 &+ last }
        let middle = value(ofDigits: digitBytes(p + (extra &- 8)))
        return (value(ofFirst: extra &- 8, x) &* 100_000_000 &+ middle) &* 100_000_000 &+ last
    }

    /// A bar's first or last trade id: Binance writes -1 for a bar without trades, which is
    /// every quiet minute of a quiet market. Only the syntax is checked (a Candle has no ids).
    @inline(__always)
    static func tradeId(_ p: inout Bytes) -> Bool {
        if byte(p, 0) == UInt8(ascii: "-") { p += 1 }
        return integer(&p) != nil
    }

    /// A JSON integer without sign (`0`, or digits without a leading zero), at most 18 digits
    /// (no overflow). What follows it is checked by the next literal.
    @inline(__always)
    static func integer(_ p: inout Bytes) -> Int64? {
        let x = digitBytes(p)
        let n = digitCount(x)
        if n < 8 {
            // 0...7 digits; a leading zero only as the whole number.
            guard n > 0, n == 1 || x & 0xFF != 0 else { return nil }
            p += n
            return Int64(value(ofFirst: n, x))
        }
        guard x & 0xFF != 0 else { return nil }
        var count = 8 &+ digitCount(digitBytes(p + 8))
        if count == 16 {
            // At most two more.
            let more = digitCount(digitBytes(p + 16))
            guard more <= 2 else { return nil }
            count &+= more
        }
        let start = p
        p += count
        return Int64(value(ofLong: count, at: start, x))
    }

    /// String content `123.456`, `.456` or `123` with at most 18 digits (no overflow), as
    /// `ExactDecimal.parse` reads it; `p` is left at the closing quote's place, which the next
    /// literal checks. Binance's are 1 to 10 digits, a point and 8 decimals.
    @inline(__always)
    static func decimal(_ p: inout Bytes) -> ExactDecimal? {
        let x = digitBytes(p)
        var integerDigits = digitCount(x)
        let integerPart: UInt64
        if integerDigits < 8 {
            integerPart = integerDigits == 0 ? 0 : value(ofFirst: integerDigits, x)
        } else {
            // Eight digits or more before the point (up to 15 here).
            let more = digitCount(digitBytes(p + 8))
            guard more < 8 else { return nil }
            integerDigits = 8 &+ more
            integerPart = value(ofLong: integerDigits, at: p, x)
        }
        p += integerDigits
        guard byte(p, 0) == UInt8(ascii: ".") else {
            // An integer; "" and a sign are not decimals.
            guard integerDigits > 0 else { return nil }
            return ExactDecimal(mantissa: Int64(integerPart), scale: 0)
        }
        p += 1
        let fraction = digitBytes(p)
        let scale = digitCount(fraction)
        if scale == 8 {
            // Binance's eight decimals. A ninth digit fails the next literal, which starts with
            // the closing quote.
            guard integerDigits <= 10 else { return nil }
            p += 8
            return ExactDecimal(mantissa: Int64(integerPart &* 100_000_000 &+ value(ofDigits: fraction)), scale: 8)
        }
        guard scale > 0, integerDigits &+ scale <= 18 else { return nil }
        p += scale
        let mantissa = integerPart &* powerOfTen(scale) &+ value(ofFirst: scale, fraction)
        return ExactDecimal(mantissa: Int64(mantissa), scale: UInt8(truncatingIfNeeded: scale))
    }

    /// `true` or `false`.
    @inline(__always)
    static func bool(_ p: inout Bytes) -> Bool? {
        let v = word(p)
        if v & 0xFFFF_FFFF == 0x6575_7274 { // "true"
            p += 4
            return true
        }
        if v & 0xFF_FFFF_FFFF == 0x65_736C_6166 { // "false"
            p += 5
            return false
        }
        return nil
    }
}

/// A kline's values but its symbol, on their way from the fast path to a Candle: plain data.
@usableFromInline
struct KlineFields {
    @usableFromInline var interval: Interval
    @usableFromInline var openTime: Int64
    @usableFromInline var closeTime: Int64
    @usableFromInline var open: ExactDecimal
    @usableFromInline var high: ExactDecimal
    @usableFromInline var low: ExactDecimal
    @usableFromInline var close: ExactDecimal
    @usableFromInline var volume: ExactDecimal
    @usableFromInline var quoteVolume: ExactDecimal
    @usableFromInline var trades: Int64
    @usableFromInline var takerBuyBaseVolume: ExactDecimal
    @usableFromInline var takerBuyQuoteVolume: ExactDecimal
    @usableFromInline var isClosed: Bool

    @inlinable @inline(__always)
    init() {
        let zero = ExactDecimal(mantissa: 0, scale: 0)
        interval = .m1
        openTime = 0
        closeTime = 0
        open = zero
        high = zero
        low = zero
        close = zero
        volume = zero
        quoteVolume = zero
        trades = 0
        takerBuyBaseVolume = zero
        takerBuyQuoteVolume = zero
        isClosed = false
    }

    @inlinable @inline(__always)
    func candle(_ symbol: Symbol) -> Candle {
        Candle(symbol: symbol, interval: interval, openTime: openTime, closeTime: closeTime,
               open: open, high: high, low: low, close: close, volume: volume,
               quoteVolume: quoteVolume, trades: trades, takerBuyBaseVolume: takerBuyBaseVolume,
               takerBuyQuoteVolume: takerBuyQuoteVolume, isClosed: isClosed)
    }
}

/// What the fast path last built from bytes, with those bytes: a connection repeats the same
/// interval, so the name lookup is reused while the bytes match.
@usableFromInline
struct KlineCache: Sendable {
    /// The interval's name and closing quote in the low bytes (0: none yet).
    private var intervalKey: UInt32 = 0
    private var cachedInterval = Interval.m1

    @usableFromInline
    init() {}

    /// The symbol for `count` bytes of validated printable ASCII at `start`: an inline value
    /// built from the bytes, nil when the name is too long for one.
    @inline(__always)
    func symbol(_ start: UnsafeRawPointer, count: Int) -> Symbol? {
        Symbol(exchangeBytes: UnsafeRawBufferPointer(start: start, count: count))
    }

    /// An interval name of two or three bytes at `p`, left at its closing quote.
    @inline(__always)
    mutating func interval(_ p: inout UnsafeRawPointer) -> Interval? {
        let v = p.loadUnaligned(as: UInt32.self).littleEndian
        // The name and its quote: "1m" as 1 m ", "15m" as 1 5 m ".
        let key: UInt32
        if (v >> 16) & 0xFF == UInt32(UInt8(ascii: "\"")) {
            key = v & 0xFF_FFFF
        } else if v >> 24 == UInt32(UInt8(ascii: "\"")) {
            key = v
        } else {
            return nil
        }
        if key == intervalKey {
            p += key >> 24 == 0 ? 2 : 3
            return cachedInterval
        }
        let n = key >> 24 == 0 ? 2 : 3
        guard let interval = KlineCache.lookUpInterval(p, count: n) else { return nil }
        intervalKey = key
        cachedInterval = interval
        p += n
        return interval
    }

    @inline(never)
    static func lookUpInterval(_ p: UnsafeRawPointer, count: Int) -> Interval? {
        UnsafeRawBufferPointer(start: p, count: count).withMemoryRebound(to: UInt8.self) { FrameParser.interval($0) }
    }
}
