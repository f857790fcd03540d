import ArgumentParser
import Bus
import Foundation
import Indicators
import MarketData
import MarketModel
import TUI

/// `thebot` with no subcommand: the full-screen monitor.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "The full-screen monitor (the default command).")

    @OptionGroup var exchange: ExchangeFlags

    @Option(name: .long, help: "Comma-separated symbols (default: the config file's, else eight majors).")
    var symbols: String?

    @Option(name: .long, help: "Chart interval to start on, e.g. 1m, 15m, 1h.")
    var interval: String?

    @Option(name: .long, help: "Indicator list in the indicator syntax, e.g. \"ema(20),rsi(14),macd(12,26,9)\".")
    var indicators: String?

    @Option(name: .long, help: "Frame interval in milliseconds: 100, 500 or 1000 (f cycles it).")
    var refresh: Int?

    @Option(name: .long, help: "Theme name (dark, light, solarized-dark, gruvbox, high-contrast, monochrome).")
    var theme: String?

    @Option(name: .customLong("theme-dir"), help: "Directory searched first for <theme>.toml files.")
    var themeDir: String?

    @Option(name: .long, help: "Config file (default: $XDG_CONFIG_HOME/thebot/config.toml).")
    var config: String?

    @Flag(name: .long, help: "Draw with ASCII only, for terminals without box-drawing or braille glyphs.")
    var ascii = false

    @Option(name: .long, help: "Watch the feed `thebot serve` publishes on NATS (nats://HOST:4222) instead of the exchange.")
    var feed: String?

    @OptionGroup var bus: BusAuthFlags

    func run() async throws {
        let settings: Settings
        do {
            settings = try resolve()
        } catch {
            throw Failure.exit(error)
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw Failure.exit(UserError("The monitor needs a terminal; use `thebot stream --json` for a pipe."))
        }
        let code = await MonitorSession(settings: settings, exchange: exchange).run()
        if code != 0 { throw ExitCode(code) }
    }

    struct Settings: Sendable {
        var config: AppConfig
        var specs: [IndicatorSpec]
        var startInterval: Interval
        var themeName: String
        var themeDirectory: String?
        var ascii: Bool
        /// The bus feed to watch instead of the exchange.
        var bus: BusOptions? = nil
        var symbolsGiven = false
    }

    /// Config file, then flags; every mistake is one sentence.
    func resolve() throws -> Settings {
        var cfg = try ConfigFile.load(path: config)
        try MonitorSettings.validate(cfg)
        if let symbols { cfg.symbols = try parseSymbols(symbols) }
        if let indicators { cfg.indicators = indicators.split(separator: ",", omittingEmptySubsequences: true).map(String.init) }
        let specs: [IndicatorSpec]
        do {
            specs = try IndicatorSpec.parseList((indicators ?? cfg.indicators.joined(separator: ",")))
        } catch {
            throw UserError(error.description)
        }
        if let refresh {
            guard AppConfig.refreshChoices.contains(refresh) else {
                throw UserError("--refresh must be 100, 500 or 1000 (milliseconds), not \(refresh).")
            }
            cfg.refreshMilliseconds = refresh
        }
        var start = cfg.intervals[0]
        if let interval {
            start = try parseIntervals(interval)[0]
            if !cfg.intervals.contains(start) {
                cfg.intervals.insert(start, at: 0)
                if cfg.intervals.count > 9 { cfg.intervals.removeLast() }
            }
        }
        if let historyBars = exchange.historyBars { cfg.historyBars = historyBars }
        if let themeDir {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: themeDir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UserError("--theme-dir \(sanitize(themeDir)) is not a directory.")
            }
        }
        if let theme {
            let loader = ThemeLoader(themeDirectory: themeDir ?? cfg.themeDirectory, installedDirectory: MonitorSession.installedThemes())
            if let warning = loader.load(named: theme).warning {
                throw UserError(warning.replacingOccurrences(of: "; using the default theme.", with: "."))
            }
        }
        var settings = Settings(config: cfg, specs: specs, startInterval: start, themeName: theme ?? cfg.theme,
                                themeDirectory: themeDir ?? cfg.themeDirectory, ascii: ascii)
        settings.bus = feed.map { bus.options(url: $0) }
        do {
            try settings.bus?.validate()
        } catch let error as BusError {
            throw UserError(error.description)
        }
        settings.symbolsGiven = symbols != nil
        return settings
    }
}
