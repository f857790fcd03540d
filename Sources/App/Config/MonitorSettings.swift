import Indicators
import TUI

/// Checks of a loaded config that need other modules (indicator, rule and key syntax). The
/// monitor and `thebot config --check` both run them, so both refuse a file with the same sentence.
enum MonitorSettings {
    static func validate(_ config: AppConfig) throws {
        for text in config.indicators {
            do {
                _ = try IndicatorSpec(parsing: text)
            } catch {
                throw UserError("In `indicators`: \(error.description)")
            }
        }
        _ = try keyMap(config)
        _ = try SignalDesk.rules(config: config)
    }

    /// The default keys with the config's `[keys]` table applied.
    static func keyMap(_ config: AppConfig) throws -> KeyMap {
        do {
            return try KeyMap.default.remapped(config.keys)
        } catch {
            throw UserError(error.description)
        }
    }
}
