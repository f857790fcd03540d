/// How many colours the terminal can show; colours are mapped down to it when painting.
///
/// The palette is never redefined (no init_color, no OSC 4): many terminals ignore palette
/// changes, or apply them to the user's palette for good, so a colour is either sent as direct
/// RGB or as the nearest entry of the palette the terminal already has.
public enum ColorMode: Sendable, Equatable {
    /// NO_COLOR, or a terminal without colours: attributes only.
    case monochrome
    case basic8
    case basic16
    /// The nearest of the xterm 256-colour cube and grey ramp, whose values terminals agree on.
    case palette256
    /// Direct RGB (`38;2;R;G;B`): only when the terminal says it understands it.
    case trueColor

    /// The palette index for a colour in this mode; -1 is the terminal's default. True colour is
    /// painted as RGB, not through the palette; its index is the 256-colour fallback.
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
    /// - Parameter directColor: the terminal takes 24-bit SGR colours (see `hasDirectColor`).
    public static func detect(hasColors: Bool, colors: Int, directColor: Bool, noColorEnv: Bool) -> ColorMode {
        if noColorEnv || !hasColors || colors < 8 { return .monochrome }
        if directColor { return .trueColor }
        if colors >= 256 { return .palette256 }
        if colors >= 16 { return .basic16 }
        return .basic8
    }

    /// Whether 24-bit colour can be sent. terminfo rarely says so (few systems use the `-direct`
    /// entries, and TERM usually stays xterm-256color), so the de facto COLORTERM convention counts
    /// as much as a direct-colour terminfo.
    public static func hasDirectColor(colorterm: String?, terminfoDirect: Bool) -> Bool {
        if terminfoDirect { return true }
        guard let value = colorterm?.lowercased() else { return false }
        return value == "truecolor" || value == "24bit"
    }
}
