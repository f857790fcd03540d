/// A terminal colour: 24-bit RGB, or the terminal's own default (which keeps the user's
/// background showing through, the polite choice over ssh and in transparent terminals).
public struct Color: Hashable, Sendable, CustomStringConvertible {
    public let r: UInt8
    public let g: UInt8
    public let b: UInt8
    public let isDefault: Bool

    public init(r: UInt8, g: UInt8, b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
        self.isDefault = false
    }

    private init(defaultMarker: Void) {
        r = 0; g = 0; b = 0; isDefault = true
    }

    /// The terminal's default foreground or background.
    public static let `default` = Color(defaultMarker: ())

    /// Parses "#rrggbb" (or "rrggbb") or "default"; nil for anything else.
    public init?(hex text: String) {
        let t = text.trimmingSpaces.lowercased()
        if t == "default" || t == "none" {
            self = .default
            return
        }
        var digits = Substring(t)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.count == 6, let v = UInt32(digits, radix: 16) else { return nil }
        self.init(r: UInt8(v >> 16 & 0xff), g: UInt8(v >> 8 & 0xff), b: UInt8(v & 0xff))
    }

    public var description: String {
        if isDefault { return "default" }
        let v = (Int(r) << 16) | (Int(g) << 8) | Int(b)
        let s = String(v, radix: 16)
        return "#" + String(repeating: "0", count: 6 - s.count) + s
    }

    /// This colour moved `amount` (0...1) of the way toward `other`; a default colour stays as it is
    /// because its real value is unknown.
    public func blended(toward other: Color, _ amount: Double) -> Color {
        if isDefault || other.isDefault { return self }
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8(max(0, min(255, (Double(a) + (Double(b) - Double(a)) * amount).rounded())))
        }
        return Color(r: mix(r, other.r), g: mix(g, other.g), b: mix(b, other.b))
    }

    /// Relative luminance, used to pick readable text on a coloured badge.
    public var luminance: Double {
        (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
