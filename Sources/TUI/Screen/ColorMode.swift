/// How many colours the terminal can show; colours are mapped down to it when painting.
public enum ColorMode: Sendable, Equatable {
    /// NO_COLOR, or a terminal without colours: attributes only.
    case monochrome
    case basic8
    case basic16
    case palette256
    /// Exact colours through init_color (only where the terminal lets colours be redefined).
    case trueColor

    /// The palette index for a colour in this mode; -1 is the terminal's default.
    public func index(of color: Color) -> Int {
        if color.isDefault { return -1 }
        switch self {
        case .monochrome: return -1
        case .basic8: return ColorMapping.nearest8(color)
        case .basic16: return ColorMapping.nearest16(color)
        case .palette256, .trueColor: return ColorMapping.nearest256(color)
        }
    }

    /// Chooses the mode from what the terminal reports.
    public static func detect(hasColors: Bool, colors: Int, canChangeColor: Bool, noColorEnv: Bool) -> ColorMode {
        if noColorEnv || !hasColors || colors < 8 { return .monochrome }
        if colors >= 256 { return canChangeColor ? .trueColor : .palette256 }
        if colors >= 16 { return .basic16 }
        return .basic8
    }
}
