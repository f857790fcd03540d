import Foundation
import MarketData
import MarketModel
import Signals
import TUI
import TOMLKit

/// Reads `config.toml`. Every mistake names the file, the line and the key, in one sentence.
enum ConfigFile {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// `$XDG_CONFIG_HOME/thebot/config.toml`, else `~/.config/thebot/config.toml`.
    static var defaultPath: String {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/thebot/config.toml" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.config/thebot/config.toml"
    }

    /// Loads the file at `path`; a missing default file gives the defaults, a missing explicit one is an error.
    static func load(path: String?, base: AppConfig = AppConfig()) throws -> AppConfig {
        let file = path ?? defaultPath
        guard FileManager.default.fileExists(atPath: file) else {
            if path != nil { throw Problem(description: "The config file \(file) does not exist.") }
            return base
        }
        // The file names commands thebot runs (`notify_command`) and where it posts: one that
        // others can change is refused, not read.
        if let mode = PrivateFiles.mode(of: file), mode & 0o022 != 0 {
            throw Problem(description: "The config file \(file) can be changed by other users (mode \(String(mode, radix: 8))); "
                + "fix it with `chmod 600 \(file)`.")
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw Problem(description: "The config file \(file) cannot be read as UTF-8 text.")
        }
        return try parse(text, file: file, base: base)
    }

    /// A path from the file: `~/` is the home directory, a relative path is relative to the file's directory.
    static func resolve(path: String, besides file: String) -> String {
        if path.hasPrefix("~/") {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            return home + path.dropFirst(1)
        }
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).path
    }

    static func parse(_ text: String, file: String, base: AppConfig = AppConfig()) throws -> AppConfig {
        let table: TOMLTable
        do {
            table = try TOMLText.table(text)
        } catch {
            throw Problem(description: "\(file) line \(error.line): \(error.description).")
        }
        var reader = Reader(table: table, text: text, file: file)
        return try reader.read(into: base)
    }

    struct Reader {
        let table: TOMLTable
        let text: String
        let file: String

        func fail(_ key: String, section: String? = nil, _ message: String) -> Problem {
            let line = ConfigFile.line(of: key, section: section, in: text)
            let place = line.map { "\(file) line \($0)" } ?? file
            let name = section.map { "\($0).\(key)" } ?? key
            return Problem(description: "\(place): `\(name)` \(message).")
        }

        mutating func read(into base: AppConfig) throws -> AppConfig {
            var config = base
            let known: Set<String> = ["symbols", "intervals", "indicators", "refresh_ms", "theme", "theme_dir",
                                      "keys", "endpoints", "alerts", "rules", "flow"]
            for key in table.keys where !known.contains(key) {
                throw fail(key, "is not a setting thebot knows (known: \(known.sorted().joined(separator: ", ")))")
            }
            if let value = table["symbols"] {
                let names = try strings(value, key: "symbols")
                var symbols: [Symbol] = []
                for name in names {
                    guard let symbol = Symbol(name) else { throw fail("symbols", "has \"\(name)\", which is not a symbol like BTCUSDT") }
                    if !symbols.contains(symbol) { symbols.append(symbol) }
                }
                guard !symbols.isEmpty else { throw fail("symbols", "must list at least one symbol") }
                config.symbols = symbols
            }
            if let value = table["intervals"] {
                var intervals: [Interval] = []
                for name in try strings(value, key: "intervals") {
                    guard let interval = Interval(rawValue: name) else {
                        throw fail("intervals", "has \"\(name)\", which is not one of \(Interval.allCases.map(\.rawValue).joined(separator: " "))")
                    }
                    if !intervals.contains(interval) { intervals.append(interval) }
                }
                guard (1...9).contains(intervals.count) else { throw fail("intervals", "must list 1 to 9 intervals (keys 1-9 pick them)") }
                config.intervals = intervals
            }
            if let value = table["indicators"] {
                config.indicators = try strings(value, key: "indicators")
            }
            if let value = table["refresh_ms"] {
                guard let ms = value.int, AppConfig.refreshChoices.contains(ms) else {
                    throw fail("refresh_ms", "must be 100, 500 or 1000")
                }
                config.refreshMilliseconds = ms
            }
            if let value = table["theme"] {
                guard let name = value.string, !name.isEmpty else { throw fail("theme", "must be a theme name in quotes") }
                config.theme = name
            }
            if let value = table["theme_dir"] {
                guard let dir = value.string else { throw fail("theme_dir", "must be a directory path in quotes") }
                config.themeDirectory = dir.isEmpty ? nil : dir
            }
            if let value = table["keys"] {
                guard let keys = value.table else { throw fail("keys", "must be a table: [keys]") }
                for key in keys.keys {
                    guard let spec = keys[key]?.string else { throw fail(key, section: "keys", "must be a key in quotes, like \"x\" or \"ctrl-x\"") }
                    config.keys[key] = spec
                }
            }
            if let value = table["endpoints"] {
                guard let endpoints = value.table else { throw fail("endpoints", "must be a table: [endpoints]") }
                try readEndpoints(endpoints, into: &config)
            }
            if let value = table["alerts"] {
                guard let alerts = value.table else { throw fail("alerts", "must be a table: [alerts]") }
                try readAlerts(alerts, into: &config.alerts)
            }
            if let value = table["flow"] {
                guard let flow = value.table else { throw fail("flow", "must be a table: [flow]") }
                for key in flow.keys {
                    guard key == "large_trade_percentile" else {
                        throw fail(key, section: "flow", "is not a setting thebot knows (known: large_trade_percentile)")
                    }
                    guard let n = number(flow[key]), (50...100).contains(n) else {
                        throw fail(key, section: "flow", "must be a number from 50 to 100 (95: the largest 5% of trades stand out)")
                    }
                    config.largeTradePercentile = n
                }
            }
            if let value = table["rules"] {
                guard let rules = value.array else { throw fail("rules", "must be a list of [[rules]] tables") }
                for entry in rules {
                    guard let rule = entry.table, let name = rule["name"]?.string, let when = rule["when"]?.string,
                          !name.isEmpty, !when.isEmpty else {
                        throw fail("rules", "needs `name` and `when` (an expression such as \"rsi(14) < 30 and close > ema(50)\") in every [[rules]]")
                    }
                    let mode = rule["evaluate"]?.string ?? "close"
                    guard mode == "close" || mode == "intrabar" else {
                        throw fail("evaluate", section: "rules", "must be \"close\" or \"intrabar\"")
                    }
                    config.rules.append(UserRule(name: name, expression: when, intrabar: mode == "intrabar"))
                }
            }
            return config
        }

        func readEndpoints(_ t: TOMLTable, into config: inout AppConfig) throws {
            for key in t.keys {
                switch key {
                case "stream":
                    guard let s = t[key]?.string, s.hasPrefix("ws://") || s.hasPrefix("wss://") else {
                        throw fail(key, section: "endpoints", "must be a ws:// or wss:// URL")
                    }
                    config.streamEndpoint = s
                case "rest":
                    guard let s = t[key]?.string, s.hasPrefix("http://") || s.hasPrefix("https://") else {
                        throw fail(key, section: "endpoints", "must be an http:// or https:// URL")
                    }
                    config.restEndpoint = s
                case "streams_per_connection":
                    guard let n = t[key]?.int, (1...1024).contains(n) else {
                        throw fail(key, section: "endpoints", "must be a whole number from 1 to 1024")
                    }
                    config.streamsPerConnection = n
                case "stale_after":
                    guard let n = number(t[key]), n > 0 else { throw fail(key, section: "endpoints", "must be a positive number of seconds") }
                    config.staleAfter = n
                case "history_bars":
                    guard let n = t[key]?.int, (1...5000).contains(n) else {
                        throw fail(key, section: "endpoints", "must be a whole number from 1 to 5000")
                    }
                    config.historyBars = n
                case "tls_ca_file":
                    guard let s = t[key]?.string, !s.isEmpty else {
                        throw fail(key, section: "endpoints", "must be the path of a PEM file of CA certificates")
                    }
                    let path = ConfigFile.resolve(path: s, besides: file)
                    do {
                        _ = try TLSTrust.caFile(path)
                    } catch {
                        throw fail(key, section: "endpoints", "names a CA bundle that \(error.reason.phrase) (\(path))")
                    }
                    config.tlsCAFile = path
                default:
                    throw fail(key, section: "endpoints", "is not a setting thebot knows (known: stream, rest, streams_per_connection, stale_after, history_bars, tls_ca_file)")
                }
            }
        }

        func readAlerts(_ t: TOMLTable, into alerts: inout AlertSettings) throws {
            for key in t.keys {
                let value = t[key]
                switch key {
                case "toast", "bell", "desktop":
                    guard let b = value?.bool else { throw fail(key, section: "alerts", "must be true or false") }
                    if key == "toast" { alerts.toast = b } else if key == "bell" { alerts.bell = b } else { alerts.desktop = b }
                case "modal_strength":
                    guard let n = number(value), n >= 0 else { throw fail(key, section: "alerts", "must be a number from 0 to 1 (above 1 turns modals off)") }
                    alerts.modalStrength = n
                case "notify_command":
                    guard let s = value?.string else { throw fail(key, section: "alerts", "must be a command in quotes") }
                    alerts.notifyCommand = s.isEmpty ? nil : s
                case "notify_timeout":
                    guard let n = number(value), n > 0 else { throw fail(key, section: "alerts", "must be a positive number of seconds") }
                    alerts.notifyTimeout = n
                case "webhook":
                    guard let s = value?.string, s.isEmpty || s.hasPrefix("http://") || s.hasPrefix("https://") else {
                        throw fail(key, section: "alerts", "must be an http:// or https:// URL")
                    }
                    alerts.webhook = s.isEmpty ? nil : s
                case "evaluate":
                    guard let s = value?.string, s == "close" || s == "intrabar" else {
                        throw fail(key, section: "alerts", "must be \"close\" or \"intrabar\"")
                    }
                    alerts.evaluate = s
                case "cooldown_bars":
                    guard let n = value?.int, n >= 0 else { throw fail(key, section: "alerts", "must be a whole number of bars (0 or more)") }
                    alerts.cooldownBars = n
                case "retention_days":
                    guard let n = value?.int, n >= 1 else { throw fail(key, section: "alerts", "must be a whole number of days (1 or more)") }
                    alerts.retentionDays = n
                case "database":
                    guard let s = value?.string, !s.isEmpty else { throw fail(key, section: "alerts", "must be a file path in quotes") }
                    alerts.databasePath = s
                case "price":
                    alerts.prices = try priceAlerts(value)
                case "feed_stale_after":
                    guard let n = number(value), n >= 0 else {
                        throw fail(key, section: "alerts", "must be a number of seconds (0 picks three times the stream's cadence, at least 30)")
                    }
                    alerts.feedStaleAfter = n
                case "feed_down_after":
                    guard let n = number(value), n > 0 else { throw fail(key, section: "alerts", "must be a positive number of seconds") }
                    alerts.feedDownAfter = n
                default:
                    throw fail(key, section: "alerts", "is not a setting thebot knows")
                }
            }
        }

        /// `[[alerts.price]]` entries: a symbol and exactly one of `above` or `below`.
        func priceAlerts(_ value: (any TOMLValueConvertible)?) throws -> [PriceAlert] {
            let usage = "needs `symbol` and one of `above` or `below` (a price) in every [[alerts.price]], like symbol = \"BTCUSDT\" above = 70000"
            guard let entries = value?.array else { throw fail("price", section: "alerts", usage) }
            var result: [PriceAlert] = []
            for entry in entries {
                guard let t = entry.table, let name = t["symbol"]?.string else { throw fail("price", section: "alerts", usage) }
                guard let symbol = Symbol(name) else {
                    throw fail("symbol", section: "alerts.price", "has \"\(name)\", which is not a symbol like BTCUSDT")
                }
                let sides = PriceAlert.Side.allCases.filter { t[$0.rawValue] != nil }
                guard sides.count == 1, let side = sides.first else { throw fail("price", section: "alerts", usage) }
                guard let price = decimal(t[side.rawValue]), price.doubleValue > 0 else {
                    throw fail(side.rawValue, section: "alerts.price", "must be a positive price, like 70000 or 0.5")
                }
                for key in t.keys where !["symbol", "above", "below"].contains(key) {
                    throw fail(key, section: "alerts.price", "is not a setting thebot knows (known: symbol, above, below)")
                }
                result.append(.configured(symbol: symbol, side: side, price: price))
            }
            return result
        }

        /// A TOML number as written: 70000 and 70000.5 both, no binary rounding kept.
        func decimal(_ value: (any TOMLValueConvertible)?) -> ExactDecimal? {
            if let i = value?.int { return ExactDecimal("\(i)") }
            if let d = value?.double, d.isFinite { return ExactDecimal("\(d)") }
            return nil
        }

        /// TOML keeps 60 and 60.0 apart; a person writing a config file does not.
        func number(_ value: (any TOMLValueConvertible)?) -> Double? {
            if let d = value?.double { return d }
            if let i = value?.int { return Double(i) }
            return nil
        }

        func strings(_ value: any TOMLValueConvertible, key: String) throws -> [String] {
            if let single = value.string {
                return single.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            guard let array = value.array else { throw fail(key, "must be a list of strings, like [\"a\", \"b\"]") }
            var result: [String] = []
            for element in array {
                guard let s = element.string else { throw fail(key, "must contain only strings in quotes") }
                result.append(s)
            }
            return result
        }
    }

    /// The 1-based line where `key = ` is set, inside `[section]` when given.
    static func line(of key: String, section: String?, in text: String) -> Int? {
        var current: String?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                current = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                continue
            }
            guard current == section else { continue }
            if line.hasPrefix(key + " ") || line.hasPrefix(key + "=") || line.hasPrefix("\"\(key)\"") {
                return index + 1
            }
        }
        return nil
    }
}
