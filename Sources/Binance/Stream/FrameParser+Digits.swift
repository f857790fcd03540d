/// Eight ASCII digits at a time (the SWAR method simdjson uses): Binance's numbers are long
/// digit runs (13-digit times, 8-decimal prices), so this halves the work per number.
extension FrameParser {
    @inline(__always)
    func eightBytes(at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
    }

    /// Whether all eight bytes are '0'...'9'.
    @inline(__always)
    static func allDigits(_ v: UInt64) -> Bool {
        let high = v & 0xF0F0_F0F0_F0F0_F0F0
        let overflow = ((v &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) &>> 4
        return high | overflow == 0x3333_3333_3333_3333
    }

    /// The value of eight digits, the first in the lowest byte.
    @inline(__always)
    static func eightDigitValue(_ v: UInt64) -> UInt64 {
        var x = v & 0x0F0F_0F0F_0F0F_0F0F
        x = (x &* 2561) &>> 8
        x = ((x & 0x00FF_00FF_00FF_00FF) &* 6_553_601) &>> 16
        return ((x & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) &>> 32
    }
}
