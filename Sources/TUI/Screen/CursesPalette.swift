import CNCurses

/// Colour pairs allocated on demand: ncurses draws with (foreground, background) pairs, and a
/// terminal has a limited number, so each combination gets a pair the first time it is drawn.
/// Pairs only name palette entries the terminal already has; the palette itself is never
/// redefined, because terminals that ignore init_color would then show other colours.
final class CursesPalette {
    let mode: ColorMode
    private var pairs: [Int64: Int16] = [:]
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    private let maxColors: Int

    init(mode: ColorMode, colorPairs: Int32, colors: Int32) {
        self.mode = mode
        maxPairs = min(colorPairs, 32_767)
        maxColors = Int(colors)
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
        let i = mode.index(of: color)
        // init_pair rejects an index the terminal does not have; the default colour beats no pair.
        return i < maxColors ? i : -1
    }
}
