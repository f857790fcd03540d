import ArgumentParser
import Foundation
import MarketData
import MarketModel

/// Flags shared by every command that talks to an exchange.
struct ExchangeFlags: ParsableArguments {
    @Flag(name: .long, help: "Run on the built-in simulated exchange (no internet needed).")
    var demo = false

    @Option(name: .long, help: "WebSocket base URL of a Binance-compatible stream server (default wss://stream.binance.com:9443).")
    var endpoint: String?

    @Option(name: .customLong("rest-endpoint"), help: "REST base URL (default https://api.binance.com).")
    var restEndpoint: String?

    @Option(name: .long, help: "Simulator seed with --demo.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Simulator speed factor with --demo (1 = real time).")
    var speed: Double = 1

    @Option(name: .customLong("streams-per-connection"), help: "Streams per WebSocket connection (1-1024, default 200).")
    var streamsPerConnection: Int?

    @Option(name: .customLong("stale-after"), help: "Seconds without a frame before a connection is replaced (default 30).")
    var staleAfter: Double?

    @Option(name: .customLong("history-bars"), help: "Closed bars kept per series (1-5000, default 500).")
    var historyBars: Int?

    @Option(name: .customLong("tls-ca-file"), help: "PEM file of private CA certificates trusted besides the system's (wss:// and https://).")
    var tlsCAFile: String?

    /// Checked while the command line is parsed, so the monitor says what is wrong with a flag
    /// before it asks for a terminal.
    func validate() throws {
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number, not \(speed).") }
        if let endpoint {
            do {
                _ = try WebSocketEndpoint(parsing: endpoint)
            } catch {
                throw ValidationError(error.description)
            }
        }
        if let restEndpoint, !(restEndpoint.hasPrefix("http://") || restEndpoint.hasPrefix("https://")) {
            throw ValidationError("The REST endpoint \"\(restEndpoint)\" is not an http:// or https:// URL.")
        }
        if let streamsPerConnection, !(1...1024).contains(streamsPerConnection) {
            throw ValidationError("--streams-per-connection must be between 1 and 1024, not \(streamsPerConnection).")
        }
        if let staleAfter, !(staleAfter > 0 && staleAfter.isFinite) {
            throw ValidationError("--stale-after must be a positive number of seconds.")
        }
        if let historyBars, !(1...5000).contains(historyBars) {
            throw ValidationError("--history-bars must be between 1 and 5000, not \(historyBars).")
        }
        if let tlsCAFile {
            do {
                _ = try TLSTrust.caFile(tlsCAFile)
            } catch {
                throw ValidationError("--tls-ca-file names a CA bundle that \(error.reason.phrase) (\(error.path)).")
            }
        }
    }

    /// The authorities to trust: the system's, plus the flag's or the config file's CA bundle.
    func trust(config: AppConfig) throws -> TLSTrust {
        guard let path = tlsCAFile ?? config.tlsCAFile else { return .system }
        do {
            return try TLSTrust.caFile(path)
        } catch {
            throw UserError(error.description)
        }
    }
}

/// Parses a comma-separated symbol list, naming the first bad entry.
func parseSymbols(_ text: String) throws -> [Symbol] {
    var result: [Symbol] = []
    for raw in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
        guard let symbol = Symbol(raw) else {
            throw UserError("\"\(raw)\" is not a symbol: use letters and digits, like BTCUSDT.")
        }
        if !result.contains(symbol) { result.append(symbol) }
    }
    guard !result.isEmpty else { throw UserError("No symbols given: pass --symbols BTCUSDT,ETHUSDT.") }
    return result
}

func parseIntervals(_ text: String) throws -> [Interval] {
    var result: [Interval] = []
    for raw in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
        guard let interval = Interval(rawValue: raw) else {
            throw UserError("\"\(raw)\" is not an interval: use one of \(Interval.allCases.map(\.rawValue).joined(separator: " ")).")
        }
        if !result.contains(interval) { result.append(interval) }
    }
    guard !result.isEmpty else { throw UserError("No interval given: pass --interval 1m.") }
    return result
}
