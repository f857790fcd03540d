import ArgumentParser
import Foundation
import TUI

/// `thebot config`: the default file, and a check of yours.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the commented default config file, or check a config file.")

    @Flag(name: .long, help: "Print the commented default config file.")
    var `default` = false

    @Flag(name: .long, help: "Check the config file and say what is wrong, if anything.")
    var check = false

    @Flag(name: .long, help: "Print where thebot looks for the config file.")
    var path = false

    @Option(name: .long, help: "Config file to check (default: $XDG_CONFIG_HOME/thebot/config.toml).")
    var config: String?

    func run() throws {
        if path {
            print(config ?? ConfigFile.defaultPath)
            return
        }
        if check {
            do {
                let loaded = try ConfigFile.load(path: config)
                try MonitorSettings.validate(loaded)
                let themes = ThemeLoader(themeDirectory: loaded.themeDirectory, installedDirectory: MonitorSession.installedThemes())
                if let warning = themes.load(named: loaded.theme).warning {
                    FileHandle.standardError.write(Data("thebot: \(warning)\n".utf8))
                }
                print("\(config ?? ConfigFile.defaultPath): OK (\(loaded.symbols.count) symbols, \(loaded.indicators.count) indicators, \(loaded.rules.count) rules).")
            } catch {
                throw Failure.exit(error)
            }
            return
        }
        print(DefaultConfig.text, terminator: "")
    }
}
