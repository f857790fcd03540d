// The TUI theme files (TOML): any text gives a theme, or the default theme and a one-line
// warning, never a crash.
import FuzzSupport
import TUI

runFuzzer { data, size in
    let result = ThemeLoader.parse(text(data, size), file: "fuzz.toml")
    if let warning = result.warning, warning.contains(where: \.isNewline) {
        fail("a warning of more than one line: \(warning)")
    }
    return 0
}
