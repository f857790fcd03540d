/// Text attributes a terminal can show without colour.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let underline = Attributes(rawValue: 1 << 2)
    public static let reverse = Attributes(rawValue: 1 << 3)
    public static let italic = Attributes(rawValue: 1 << 4)

    /// Parses "bold", "bold,underline", "bold reverse", "none".
    public init?(names: String) {
        var result: Attributes = []
        for raw in names.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "+" || $0 == "|" }) {
            switch raw.lowercased() {
            case "bold": result.insert(.bold)
            case "dim": result.insert(.dim)
            case "underline": result.insert(.underline)
            case "reverse": result.insert(.reverse)
            case "italic": result.insert(.italic)
            case "none", "normal": break
            default: return nil
            }
        }
        self = result
    }
}

/// Foreground, background and attributes of a cell.
public struct Style: Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var attrs: Attributes

    public init(fg: Color = .default, bg: Color = .default, attrs: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
    }

    public static let plain = Style()

    public func with(fg: Color) -> Style { var s = self; s.fg = fg; return s }
    public func with(bg: Color) -> Style { var s = self; s.bg = bg; return s }
    public func adding(_ a: Attributes) -> Style { var s = self; s.attrs.formUnion(a); return s }
    public func removing(_ a: Attributes) -> Style { var s = self; s.attrs.subtract(a); return s }
}
