import CNCurses

/// Colour pairs allocated on demand: ncurses draws with (foreground, background) pairs, and a
/// terminal has a limited number, so each combination gets a pair the first time it is drawn.
final class CursesPalette {
    let mode: ColorMode
    private var pairs: [Int64: Int16] = [:]
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    // True colour: RGB values given palette slots through init_color.
    private var slots: [Color: Int16] = [:]
    private var nextSlot: Int32 = 16
    private let maxColors: Int32

    init(mode: ColorMode, colorPairs: Int32, colors: Int32) {
        self.mode = mode
        maxPairs = min(colorPairs, 32_767)
        maxColors = colors
    }

    /// The pair number for a style's colours (0 is the terminal default pair).
    func pair(fg: Color, bg: Color) -> Int16 {
        if mode == .monochrome { return 0 }
        let f = index(of: fg), b = index(of: bg)
        if f == -1 && b == -1 { return 0 }
        let key = Int64(f) << 32 | Int64(UInt32(bitPattern: Int32(b)))
        if let p = pairs[key] { return p }
        guard nextPair < maxPairs else { return 0 }
        let p = Int16(nextPair)
        nextPair += 1
        init_pair(p, Int16(f), Int16(b))
        pairs[key] = p
        return p
    }

    private func index(of color: Color) -> Int {
        if color.isDefault { return -1 }
        guard mode == .trueColor else { return mode.index(of: color) }
        if let s = slots[color] { return Int(s) }
        guard nextSlot < maxColors else {
            // Out of slots: the closest colour already defined.
            return Int(slots.min { ColorMapping.distance(rgb($0.key), rgb(color)) < ColorMapping.distance(rgb($1.key), rgb(color)) }?.value ?? 0)
        }
        let s = Int16(nextSlot)
        nextSlot += 1
        init_color(s, Int16(Int(color.r) * 1000 / 255), Int16(Int(color.g) * 1000 / 255), Int16(Int(color.b) * 1000 / 255))
        slots[color] = s
        return Int(s)
    }

    private func rgb(_ c: Color) -> (Int, Int, Int) { (Int(c.r), Int(c.g), Int(c.b)) }
}
