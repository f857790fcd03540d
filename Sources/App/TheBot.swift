import ArgumentParser
import Foundation

/// The `thebot` command line: the monitor by default, and its subcommands.
public struct TheBot: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "thebot",
        abstract: "A terminal trading monitor for Binance markets.",
        version: TheBot.version,
        subcommands: [MonitorCommand.self, StreamCommand.self, ServeCommand.self, IndicatorsCommand.self, SimCommand.self, HistoryCommand.self, ConfigCommand.self, SignalBurstCommand.self, DoctorCommand.self],
        defaultSubcommand: MonitorCommand.self
    )

    public static let version = "0.1.0"

    public init() {}
}

extension TheBot {
    /// Parses `arguments`, runs the chosen command (async or not) and exits with its code.
    public static func run(arguments: [String]) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let sentence = UsageError.sentence(for: error, arguments: arguments) {
                FileHandle.standardError.write(Data("thebot: \(sentence)\n".utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
