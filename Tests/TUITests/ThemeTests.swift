import XCTest
@testable import TUI

final class ThemeTests: XCTestCase {
    static let themesDir: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/Themes"
    }()

    func testBuiltinDefaultMatchesShippedDarkFile() {
        let loaded = ThemeLoader(themeDirectory: Self.themesDir, userDirectory: nil).load(named: "dark")
        XCTAssertNil(loaded.warning)
        XCTAssertNotNil(loaded.path)
        XCTAssertEqual(loaded.theme, Theme.dark)
        let mono = ThemeLoader(themeDirectory: Self.themesDir, userDirectory: nil).load(named: "monochrome")
        XCTAssertEqual(mono.theme, Theme.monochrome)
        XCTAssertTrue(mono.theme.isMonochrome)
    }

    func testEveryShippedThemeLoadsAndSetsEveryRole() {
        let loader = ThemeLoader(themeDirectory: Self.themesDir, userDirectory: nil)
        let names = loader.availableNames()
        for expected in ["dark", "light", "solarized-dark", "gruvbox", "high-contrast", "monochrome"] {
            XCTAssertTrue(names.contains(expected), "missing \(expected)")
        }
        XCTAssertEqual(names.first, "dark")
        for name in names {
            let r = loader.load(named: name)
            XCTAssertNil(r.warning, "\(name): \(r.warning ?? "")")
            XCTAssertEqual(r.theme.name, name)
            let text = FileText.read(Self.themesDir + "/" + name + ".toml")!
            for role in ThemeRole.allCases {
                XCTAssertTrue(text.contains("\n" + role.rawValue + " "), "\(name).toml does not set \(role.rawValue)")
            }
        }
    }

    func testGoodThemeTextWithPartialColours() {
        let r = ThemeLoader.parse("name = \"mine\"\n[colors]\nbull = \"#00ff00\"\ndim-text = \"default\"\n[attributes]\nbear = \"bold, underline\"\n", file: "mine.toml")
        XCTAssertNil(r.warning)
        XCTAssertEqual(r.theme.name, "mine")
        XCTAssertEqual(r.theme.color(.bull), Color(r: 0, g: 255, b: 0))
        XCTAssertEqual(r.theme.color(.dimText), .default)
        XCTAssertEqual(r.theme.color(.bear), Theme.dark.color(.bear), "unset roles come from the default")
        XCTAssertEqual(r.theme.attrs(.bear), [.bold, .underline])
    }

    func testBadThemeFallsBackToDefaultWithASentenceNamingFileAndKey() {
        let badColour = ThemeLoader.parse("[colors]\nbull = \"#12\"\n", file: "/x/bad.toml")
        XCTAssertEqual(badColour.theme, Theme.dark)
        XCTAssertEqual(badColour.warning,
                       "Theme file /x/bad.toml: key \"colors.bull\" must be a colour like \"#rrggbb\" or \"default\"; using the default theme.")
        let typo = ThemeLoader.parse("[colors]\nbul = \"#123456\"\n", file: "t.toml")
        XCTAssertTrue(typo.warning!.contains("key \"colors.bul\" is not a theme role"), typo.warning!)
        let syntax = ThemeLoader.parse("[colors\nbull = ", file: "s.toml")
        XCTAssertTrue(syntax.warning!.hasPrefix("Theme file s.toml: is not valid TOML"), syntax.warning!)
        XCTAssertEqual(syntax.theme, Theme.dark)
        let attr = ThemeLoader.parse("[attributes]\ntitle = \"blink\"\n", file: "a.toml")
        XCTAssertTrue(attr.warning!.contains("attributes.title"))
        let unknownTop = ThemeLoader.parse("colour = 1\n", file: "u.toml")
        XCTAssertTrue(unknownTop.warning!.contains("key \"colour\" is unknown"))
    }

    func testLookupOrderAndMissingTheme() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-theme-test-\(getpid())").path
        mkdir(dir, 0o755)
        defer { unlink(dir + "/gruvbox.toml"); unlink(dir + "/broken.toml"); rmdir(dir) }
        let f = fopen(dir + "/gruvbox.toml", "w")!
        fputs("name = \"override\"\n[colors]\nbull = \"#010203\"\n", f)
        fclose(f)
        let g = fopen(dir + "/broken.toml", "w")!
        fputs("[colors]\nbear = 5\n", g)
        fclose(g)
        let loader = ThemeLoader(themeDirectory: dir, userDirectory: nil, installedDirectory: Self.themesDir)
        XCTAssertEqual(loader.load(named: "gruvbox").theme.name, "override", "--theme-dir wins")
        XCTAssertEqual(loader.load(named: "light").theme.name, "light", "falls through to the installed directory")
        let broken = loader.load(named: "broken")
        XCTAssertEqual(broken.theme, .dark)
        XCTAssertTrue(broken.warning!.contains("broken.toml"))
        XCTAssertTrue(broken.warning!.contains("colors.bear"))
        let missing = loader.load(named: "nope")
        XCTAssertEqual(missing.theme, .dark)
        XCTAssertTrue(missing.warning!.contains("\"nope\" was not found"))
        let none = ThemeLoader(themeDirectory: nil, userDirectory: nil, installedDirectory: nil).load(named: "dark")
        XCTAssertNil(none.warning, "the default theme is built in")
        XCTAssertEqual(none.theme, .dark)
    }

    func testBadgeTextIsReadable() {
        let badge = Theme.dark.badge(.badge)
        XCTAssertEqual(badge.bg, Theme.dark.color(.badge))
        XCTAssertGreaterThan(abs(badge.fg.luminance - badge.bg.luminance), 0.3)
        XCTAssertTrue(Theme.monochrome.badge(.badge).attrs.contains(.reverse))
    }
}
