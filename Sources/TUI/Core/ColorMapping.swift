/// Maps 24-bit colours onto the palettes real terminals have. The xterm 256-colour palette is
/// 16 system colours, a 6x6x6 cube (levels 0, 95, 135, 175, 215, 255) and a 24-step grey ramp.
public enum ColorMapping {
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The conventional xterm values of the 16 system colours, used for nearest-16/8 matching.
    static let system16: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// Index 16...255 of the nearest cube or grey entry (system colours are skipped because
    /// users retheme them, so their real values are unknown).
    public static func nearest256(_ c: Color) -> Int {
        let r = Int(c.r), g = Int(c.g), b = Int(c.b)
        let ri = nearestCubeIndex(r), gi = nearestCubeIndex(g), bi = nearestCubeIndex(b)
        let cubeIndex = 16 + 36 * ri + 6 * gi + bi
        let cubeDistance = distance((r, g, b), (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi]))
        // Grey ramp: 8, 18, ..., 238.
        let average = (r + g + b) / 3
        let greyStep = max(0, min(23, (average - 8 + 5) / 10))
        let greyLevel = 8 + 10 * greyStep
        let greyDistance = distance((r, g, b), (greyLevel, greyLevel, greyLevel))
        return greyDistance < cubeDistance ? 232 + greyStep : cubeIndex
    }

    /// The RGB value of a 256-palette index (16...255), for tests and for choosing among entries.
    public static func rgb(of index256: Int) -> Color {
        if index256 < 16 {
            let v = system16[max(0, index256)]
            return Color(r: UInt8(v.0), g: UInt8(v.1), b: UInt8(v.2))
        }
        if index256 >= 232 {
            let l = UInt8(8 + 10 * (index256 - 232))
            return Color(r: l, g: l, b: l)
        }
        let i = index256 - 16
        return Color(r: UInt8(cubeLevels[i / 36]), g: UInt8(cubeLevels[(i / 6) % 6]), b: UInt8(cubeLevels[i % 6]))
    }

    /// Index 0...15 of the nearest system colour.
    public static func nearest16(_ c: Color) -> Int {
        nearest(c, among: 0..<16)
    }

    /// Index 0...7: the nearest of the 16, folded onto its basic colour (bright red is red), because
    /// an 8-colour terminal shows bright variants only with the bold attribute.
    public static func nearest8(_ c: Color) -> Int {
        let i = nearest16(c)
        return i >= 8 ? i - 8 : i
    }

    private static func nearest(_ c: Color, among range: Range<Int>) -> Int {
        var best = range.lowerBound
        var bestDistance = Int.max
        for i in range {
            let d = distance((Int(c.r), Int(c.g), Int(c.b)), system16[i])
            if d < bestDistance {
                bestDistance = d
                best = i
            }
        }
        return best
    }

    private static func nearestCubeIndex(_ v: Int) -> Int {
        if v < 48 { return 0 }
        if v < 115 { return 1 }
        return min(5, (v - 35) / 40)
    }

    /// Squared distance weighted toward green, where the eye is most sensitive.
    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }
}
