import Binance
import Foundation
import Indicators
import MarketData
import MarketModel
import TUI

/// One run of the monitor: the feed on Swift concurrency, the screen on its own thread, and the
/// model between them. Returns the process exit code.
struct MonitorSession {
    let settings: MonitorCommand.Settings
    let exchange: ExchangeFlags

    func run() async -> Int32 {
        let log = LogFile.shared
        let config = settings.config
        let themes = ThemeLoader(themeDirectory: settings.themeDirectory, installedDirectory: Self.installedThemes())
        let loaded = themes.load(named: settings.themeName)
        let keyMap: KeyMap
        do {
            keyMap = try KeyMap.default.remapped(config.keys)
        } catch {
            FileHandle.standardError.write(Data("thebot: \(error.description)\n".utf8))
            return 2
        }
        let feed: Feed
        do {
            feed = try await Feed.make(flags: exchange, config: config)
        } catch {
            FileHandle.standardError.write(Data("thebot: \(error)\n".utf8))
            return 2
        }
        log.write("monitor start: \(feed.endpointLabel), \(config.symbols.count) symbols")
        var startConfig = config
        if let i = config.intervals.firstIndex(of: settings.startInterval) {
            startConfig.intervals = Array(config.intervals[i...] + config.intervals[..<i])
        }
        let model = MonitorModel(config: startConfig, specs: settings.specs, isDemo: exchange.demo,
                                 endpointLabel: feed.endpointLabel)
        let now = MonitorLoop.wallClockMs()
        if let warning = loaded.warning { model.flash(warning, nowMs: now, forMs: 10_000) }

        let themeList = themes.availableNames().map { themes.load(named: $0).theme }
        let loop = MonitorLoop(theme: loaded.theme, themes: themeList, keyMap: keyMap, forceASCII: settings.ascii,
                               stateProvider: { model.snapshot(nowMs: MonitorLoop.wallClockMs()) },
                               onAction: { action in
                                   let commands = model.handle(action, nowMs: MonitorLoop.wallClockMs())
                                   if !commands.isEmpty {
                                       Task { await Self.perform(commands, feed: feed, log: log) }
                                   }
                               })

        // The feed: subscribe, then pour updates into the model and wake the screen.
        await Self.perform([.watch(model.symbols, model.interval)], feed: feed, log: log)
        await feed.manager.start()
        let pump = Task {
            for await update in feed.manager.updates {
                if case .health(let h) = update, let error = h.lastError { log.write("health \(h.state.rawValue): \(error)") }
                if model.apply(update, nowMs: wallClockMilliseconds()) { loop.markDirty() }
            }
        }
        let info = Task {
            await Self.loadExchangeInfo(feed: feed, model: model, log: log)
            loop.markDirty()
        }

        let reason: MonitorLoop.ExitReason = await withCheckedContinuation { continuation in
            let thread = Thread {
                do {
                    let r = try loop.run { try NCursesScreen(forceASCII: settings.ascii) }
                    continuation.resume(returning: r)
                } catch {
                    FileHandle.standardError.write(Data("thebot: \(error)\n".utf8))
                    continuation.resume(returning: .stopped)
                }
            }
            thread.name = "thebot-ui"
            thread.start()
        }
        info.cancel()
        pump.cancel()
        await feed.shutdown()
        log.write("monitor stop: \(reason)")
        switch reason {
        case .quit, .stopped: return 0
        case .signal(let sig): return 128 + sig
        }
    }

    static func perform(_ commands: [MonitorModel.Command], feed: Feed, log: LogFile) async {
        for command in commands {
            switch command {
            case .watch(let symbols, let interval):
                for s in symbols { await feed.manager.watchCandles(symbol: s, interval: interval) }
                await feed.manager.add(streams: symbols.map { StreamName.miniTicker($0).description })
            case .unwatch(let symbols, let interval):
                for s in symbols { await feed.manager.unwatchCandles(symbol: s, interval: interval) }
                let remaining = await feed.manager.subscribedStreams
                let tickers = symbols.map { StreamName.miniTicker($0).description }
                    .filter { name in remaining.contains(name) && !remaining.contains { $0.hasPrefix(name.split(separator: "@")[0] + "@kline") } }
                if !tickers.isEmpty { await feed.manager.remove(streams: tickers) }
            case .reconnect:
                log.write("reconnect requested")
                await feed.manager.reconnectAll()
            case .quit:
                break
            }
        }
    }

    /// Tick sizes (for price precision) and the symbol list (for completion). Retries quietly:
    /// the monitor works without it, with two decimals.
    static func loadExchangeInfo(feed: Feed, model: MonitorModel, log: LogFile) async {
        let history = BinanceKlineHistory(rest: feed.rest)
        var delay = 1.0
        while !Task.isCancelled {
            do {
                let info = try await history.exchangeInfo()
                var decimals: [Symbol: Int] = [:]
                for s in info.symbols { decimals[s.symbol] = s.pricePrecision }
                model.setExchangeSymbols(info.symbols.filter { $0.status == "TRADING" }.map(\.symbol.name), decimals: decimals)
                return
            } catch {
                log.write("exchangeInfo failed: \(error)")
                try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                delay = min(60, delay * 2)
            }
        }
    }

    /// The shipped Themes directory: next to an installed binary, or in the source tree.
    static func installedThemes() -> String? {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [exe.appendingPathComponent("../share/thebot/Themes"),
                          exe.appendingPathComponent("../../../Themes"), exe.appendingPathComponent("../../Themes")]
        return candidates.map { $0.standardizedFileURL.path }.first {
            FileManager.default.fileExists(atPath: $0 + "/dark.toml")
        }
    }
}
