/// Colours and attributes for every role, plus the derived styles widgets use.
public struct Theme: Sendable, Equatable {
    public var name: String
    public private(set) var colors: [ThemeRole: Color]
    public private(set) var attributes: [ThemeRole: Attributes]

    /// A theme with every role set; roles missing from `colors` take the default theme's value.
    public init(name: String, colors: [ThemeRole: Color], attributes: [ThemeRole: Attributes] = [:]) {
        self.name = name
        self.colors = colors
        self.attributes = attributes
        for role in ThemeRole.allCases where self.colors[role] == nil {
            self.colors[role] = BuiltinThemes.darkColors[role] ?? .default
        }
    }

    public func color(_ role: ThemeRole) -> Color { colors[role] ?? .default }
    public func attrs(_ role: ThemeRole) -> Attributes { attributes[role] ?? [] }

    /// True when every colour is the terminal default: the theme works by attributes alone.
    public var isMonochrome: Bool { colors.values.allSatisfy(\.isDefault) }

    /// The role's colour as foreground on the theme background, with the role's attributes.
    public func style(_ role: ThemeRole) -> Style {
        Style(fg: color(role), bg: color(.background), attrs: attrs(role))
    }

    /// A badge: the role's colour as background, text in the background colour (or reversed
    /// when colours are unknown, as in the monochrome theme).
    public func badge(_ role: ThemeRole) -> Style {
        let fill = color(role)
        if fill.isDefault { return Style(attrs: attrs(role).union(.reverse)) }
        var fg = color(.background)
        if fg.isDefault || abs(fg.luminance - fill.luminance) < 0.35 {
            fg = fill.luminance > 0.5 ? Color(r: 16, g: 16, b: 16) : Color(r: 240, g: 240, b: 240)
        }
        return Style(fg: fg, bg: fill, attrs: attrs(role).union(.bold))
    }

    public var base: Style { style(.text) }

    /// Colour for an overlay by its style key ("overlay1" … "overlay4", "band").
    public func overlayColor(_ key: String) -> Color {
        if let role = ThemeRole(key: key) { return color(role) }
        return color(.overlay1)
    }

    public func severityRole(_ s: Severity) -> ThemeRole {
        switch s {
        case .info: return .info
        case .warning: return .warning
        case .critical: return .critical
        }
    }

    public func healthRole(_ s: HealthView.State) -> ThemeRole {
        switch s {
        case .live: return .live
        case .stale: return .stale
        case .connecting, .reconnecting: return .reconnecting
        case .down: return .down
        }
    }

    /// The direction colour a bit closer to the background: volume bars and shrinking histogram
    /// bars recede behind the candles.
    public func muted(_ role: ThemeRole, _ amount: Double = 0.45) -> Color {
        let bg = color(.background)
        let target = bg.isDefault ? (isLight ? Color(r: 255, g: 255, b: 255) : Color(r: 0, g: 0, b: 0)) : bg
        return color(role).blended(toward: target, amount)
    }

    /// A light theme has a light background; used where a default background must be guessed.
    public var isLight: Bool {
        let bg = color(.background)
        return !bg.isDefault && bg.luminance > 0.5
    }

    public static let dark = BuiltinThemes.dark
    public static let monochrome = BuiltinThemes.monochrome
}
