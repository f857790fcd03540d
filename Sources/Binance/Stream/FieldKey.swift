/// The keys the decoder reads, mapped to small slot numbers so an object's fields can be
/// recorded in a fixed table in one pass, whatever order the keys arrive in. Binance's
/// payload keys are single letters; the few longer ones belong to envelopes and responses.
enum FieldKey {
    static let slotCount = 42

    // Only the keys some decoder reads get a slot; every other key is skipped.
    static let A = 0, B = 1, C = 2, E = 3, F = 4, L = 5, O = 6, P = 7, Q = 8, T = 9, U = 10, V = 11
    static let a = 12, b = 13, c = 14, e = 15, f = 16, h = 17, i = 18, k = 19, l = 20, m = 21
    static let n = 22, o = 23, p = 24, q = 25, s = 26, t = 27, u = 28, v = 29, w = 30, x = 31
    static let stream = 32, data = 33, result = 34, id = 35, error = 36
    static let code = 37, msg = 38, lastUpdateId = 39, bids = 40, asks = 41

    /// Slot + 48 for each ASCII byte that is a one-letter key, space for the others: a
    /// constant table, so the lookup costs one load and no lazy initialisation.
    private static let letterSlots: StaticString = "                                                                 012 34     5  678  9:;          <=> ?@ AB CDEFGHI JKLMNO       "

    @inline(__always)
    static func letterSlot(_ byte: UInt8) -> Int {
        guard byte < 128 else { return -1 }
        let code = letterSlots.utf8Start[Int(byte)]
        return code == UInt8(ascii: " ") ? -1 : Int(code &- 48)
    }

    /// The slot of a key given by its raw bytes, or -1 for keys the decoder ignores.
    @inline(__always)
    static func slot(_ key: UnsafePointer<UInt8>, count: Int) -> Int {
        if count == 1 {
            return letterSlot(key[0])
        }
        switch count {
        case 2:
            return matches(key, "id") ? id : -1
        case 3:
            return matches(key, "msg") ? msg : -1
        case 4:
            if matches(key, "data") { return data }
            if matches(key, "code") { return code }
            if matches(key, "bids") { return bids }
            if matches(key, "asks") { return asks }
            return -1
        case 5:
            return matches(key, "error") ? error : -1
        case 6:
            if matches(key, "stream") { return stream }
            if matches(key, "result") { return result }
            return -1
        case 12:
            return matches(key, "lastUpdateId") ? lastUpdateId : -1
        default:
            return -1
        }
    }

    /// The key's name for error messages (cold path).
    static func name(_ slot: Int) -> String {
        slot >= 0 && slot < names.count ? names[slot] : "?"
    }

    private static let names: [String] = ["A", "B", "C", "E", "F", "L", "O", "P", "Q", "T", "U", "V", "a", "b", "c", "e", "f", "h", "i", "k", "l", "m", "n", "o", "p", "q", "s", "t", "u", "v", "w", "x", "stream", "data", "result", "id", "error", "code", "msg", "lastUpdateId", "bids", "asks"]

    /// Compares `literal.utf8Start.count` bytes; the caller has checked the length.
    @inline(__always)
    static func matches(_ bytes: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        let lit = literal.utf8Start
        var i = 0
        while i < n {
            if bytes[i] != lit[i] { return false }
            i += 1
        }
        return true
    }
}
