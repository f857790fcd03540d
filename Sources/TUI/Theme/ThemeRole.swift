/// Every colour a theme sets. The raw value is the key in a theme file's `[colors]` and
/// `[attributes]` tables.
public enum ThemeRole: String, CaseIterable, Sendable, Hashable {
    case background, text, dimText = "dim_text", border, title, selection
    case bull, bear, volume, grid
    case overlay1, overlay2, overlay3, overlay4, band
    case info, warning, critical
    case live, stale, reconnecting, down
    case badge

    /// Accepts "dim_text", "dim-text" and "dimText" alike.
    public init?(key: String) {
        let folded = key.lowercased().replacingUnderscoresAndDashes
        guard let role = ThemeRole.allCases.first(where: { $0.rawValue.lowercased().replacingUnderscoresAndDashes == folded }) else {
            return nil
        }
        self = role
    }
}

extension String {
    var replacingUnderscoresAndDashes: String {
        String(unicodeScalars.filter { $0 != "_" && $0 != "-" })
    }
}
