import ArgumentParser
import Foundation
import Binance
import MarketData
import Signals
import Simulator

/// `thebot doctor`: checks what the monitor depends on and explains each in one line.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the terminal, config, files and the exchange connection, one line each.",
        discussion: "Each line starts with ok, warn, FAIL or skip. Exit code 0 when nothing fails (warnings allowed), 1 otherwise.")

    @OptionGroup var exchange: ExchangeFlags

    @Option(name: .long, help: "Config file to check (default: $XDG_CONFIG_HOME/thebot/config.toml).")
    var config: String?

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        var failed = false
        func emit(_ line: DoctorLine) {
            if line.verdict == .fail { failed = true }
            FileHandle.standardOutput.write(Data((line.text + "\n").utf8))
        }

        let (terminalLine, entry) = LocalChecks.terminal(env)
        emit(terminalLine)
        emit(LocalChecks.utf8(env))
        emit(LocalChecks.colours(env, terminfo: entry))

        let (configLine, loaded) = LocalChecks.config(path: config)
        let settings = loaded ?? AppConfig()
        emit(await LocalChecks.notifications(env, desktopEnabled: settings.alerts.desktop))
        emit(configLine)
        emit(LocalChecks.themes(settings))
        emit(LocalChecks.directory(check: "log", file: LogFile.defaultPath, what: "log"))
        emit(LocalChecks.directory(check: "data", file: settings.alerts.databasePath ?? SignalStore.defaultPath(),
                                   what: "signal history"))

        // The exchange: the simulator with --demo, else flags, config, then Binance.
        var simulator: SimulatedExchange?
        let wsURL: String
        let restURL: String
        if exchange.demo {
            do {
                let (sim, port) = try await Feed.startSimulator(exchange)
                simulator = sim
                wsURL = "ws://127.0.0.1:\(port)"
                restURL = "http://127.0.0.1:\(port)"
            } catch {
                emit(DoctorLine(.fail, "exchange", "the built-in simulator could not start on 127.0.0.1."))
                throw ExitCode(1)
            }
        } else {
            wsURL = exchange.endpoint ?? settings.streamEndpoint ?? BinanceVenue.streamURL
            restURL = exchange.restEndpoint ?? settings.restEndpoint ?? BinanceVenue.restURL
        }
        defer { if let simulator { Task { await simulator.stop() } } }

        var network = NetworkChecks()
        do {
            network.trust = try exchange.trust(config: settings)
        } catch {
            emit(DoctorLine(.fail, "tls", "\(error)"))
        }
        if let rest = Self.target(rest: restURL) {
            let lines = await network.connect(rest)
            lines.forEach(emit)
            if lines.contains(where: { $0.verdict == .fail }) {
                emit(DoctorLine(.skip, "rest http", "GET \(restURL)/api/v3/ping not sent: the connection to \(rest.host) failed (above)."))
                emit(DoctorLine(.skip, "clock", "not checked: the exchange's REST endpoint cannot be reached."))
            } else {
                await network.http(restBase: restURL, label: "rest").forEach(emit)
            }
        } else {
            emit(DoctorLine(.fail, "rest", "the REST endpoint \"\(restURL)\" is not an http:// or https:// URL with a host."))
        }
        do {
            let ws = try WebSocketEndpoint(parsing: wsURL)
            await network.connect(NetworkChecks.Target(label: "stream", host: ws.host, port: ws.port, secure: ws.secure, url: wsURL)).forEach(emit)
        } catch {
            emit(DoctorLine(.fail, "stream", error.description))
        }
        if let simulator { await simulator.stop() }
        simulator = nil

        if failed { throw ExitCode(1) }
    }

    /// host, port and TLS of an http(s) URL.
    static func target(rest url: String) -> NetworkChecks.Target? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else { return nil }
        let secure = scheme == "https"
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        return NetworkChecks.Target(label: "rest", host: bare, port: components.port ?? (secure ? 443 : 80), secure: secure, url: url)
    }
}
