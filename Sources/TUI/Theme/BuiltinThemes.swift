/// The themes compiled into the binary, so the program draws correctly with no theme files at
/// all. `dark` mirrors Themes/dark.toml (a test keeps the two identical); `monochrome` mirrors
/// Themes/monochrome.toml and is what a terminal without colours (or NO_COLOR) gets.
enum BuiltinThemes {
    static let darkColors: [ThemeRole: Color] = [
        .background: .default,
        .text: hex(0xd0d4dc), .dimText: hex(0x7a8190), .border: hex(0x3e4452), .title: hex(0x8fbcdb),
        .selection: hex(0x2c3340),
        .bull: hex(0x26a69a), .bear: hex(0xef5350), .volume: hex(0x4b5563), .grid: hex(0x2a2f38),
        .overlay1: hex(0xf5c542), .overlay2: hex(0x56b6f2), .overlay3: hex(0xc678dd), .overlay4: hex(0xff9e64),
        .band: hex(0x5c7080),
        .info: hex(0x61afef), .warning: hex(0xe5c07b), .critical: hex(0xe06c75),
        .live: hex(0x98c379), .stale: hex(0xe5c07b), .reconnecting: hex(0xd19a66), .down: hex(0xe06c75),
        .badge: hex(0xff8700),
    ]

    static let darkAttributes: [ThemeRole: Attributes] = [.title: .bold, .badge: .bold]

    static let dark = Theme(name: "dark", colors: darkColors, attributes: darkAttributes)

    static let monochrome: Theme = {
        var colors: [ThemeRole: Color] = [:]
        for role in ThemeRole.allCases { colors[role] = .default }
        let attrs: [ThemeRole: Attributes] = [
            .dimText: .dim, .grid: .dim, .volume: .dim, .band: .dim, .title: .bold, .selection: .reverse,
            .bull: .bold, .bear: .dim, .warning: .bold, .critical: [.bold, .reverse], .down: [.bold, .reverse],
            .stale: .bold, .reconnecting: .bold, .badge: [.bold, .reverse], .overlay2: .dim,
        ]
        return Theme(name: "monochrome", colors: colors, attributes: attrs)
    }()

    static func hex(_ v: UInt32) -> Color {
        Color(r: UInt8(v >> 16 & 0xff), g: UInt8(v >> 8 & 0xff), b: UInt8(v & 0xff))
    }
}
