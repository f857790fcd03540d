import ArgumentParser
import Foundation
import Signals

/// `thebot history`: the stored signals, as a table, CSV or JSON lines.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show stored signals (newest last).")

    @Option(name: .long, help: "Only this symbol, e.g. BTCUSDT.")
    var symbol: String?

    @Option(name: .long, help: "Only signals since T: 2026-11-24, 2026-11-24T08:00:00Z, epoch ms, or 2h / 3d ago.")
    var since: String?

    @Option(name: .long, help: "table (default), csv or json (one object per line, as `stream --json` prints).")
    var format: String = "table"

    @Option(name: .long, help: "Signal database (default: $XDG_STATE_HOME/thebot/signals.sqlite or the config's alerts.database).")
    var database: String?

    @Option(name: .long, help: "Config file (default: $XDG_CONFIG_HOME/thebot/config.toml).")
    var config: String?

    @Option(name: .long, help: "Read the signals the feed on NATS keeps (nats://HOST:4222) instead of the database.")
    var feed: String?

    @OptionGroup var bus: BusAuthFlags

    func run() throws {
        do {
            guard let format = SignalHistoryFormat(rawValue: format) else {
                throw UserError("--format must be table, csv or json, not \"\(format)\".")
            }
            if let feed {
                return try FeedHistory.write(url: feed, auth: bus, symbol: symbol, since: since, format: format) { StdoutWriter.shared.line($0) }
            }
            let settings = try ConfigFile.load(path: config)
            let path = database ?? settings.alerts.databasePath ?? SignalStore.defaultPath()
            let out = StdoutWriter.shared
            try SignalHistoryQuery.run(databasePath: path, symbol: symbol, since: since, format: format) { line in
                out.line(line)
            }
        } catch {
            throw Failure.exit(error)
        }
    }
}
