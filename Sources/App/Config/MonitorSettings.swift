import Indicators

/// Checks of a loaded config that need other modules (indicator syntax, rule syntax).
enum MonitorSettings {
    static func validate(_ config: AppConfig) throws {
        for text in config.indicators {
            do {
                _ = try IndicatorSpec(parsing: text)
            } catch {
                throw UserError("In `indicators`: \(error.description)")
            }
        }
    }
}
