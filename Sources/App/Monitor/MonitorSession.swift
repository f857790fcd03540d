import Foundation
import Indicators
import MarketData
import MarketModel
import MarketState
import Presenter
import Signals
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
            keyMap = try MonitorSettings.keyMap(config)
        } catch {
            FileHandle.standardError.write(Data("thebot: \(error)\n".utf8))
            return 2
        }
        // One store holds every series (bars, indicators, rule states); the feed pours into it
        // and the screen and the signal history read from it.
        let store: SeriesStore
        let feed: any MonitorSource
        do {
            // On a bus feed the feed's rules fire, once, for every viewer.
            let rules = settings.bus == nil ? try SignalDesk.rules(config: config) : []
            store = SeriesStore(settings: .init(venue: Feed.venue.id, capacity: config.historyBars,
                                                specs: settings.specs, rules: rules))
            feed = try await MonitorSources.make(bus: settings.bus, exchange: exchange, config: config, store: store)
        } catch {
            FileHandle.standardError.write(Data("thebot: \(error)\n".utf8))
            return 2
        }
        var startConfig = config
        var unlisted: [String] = []
        if let listed = await feed.listedSymbols(timeout: 3) {
            let wanted = settings.symbolsGiven ? config.symbols : (feed.ownSymbols ?? config.symbols)
            let outcome = SymbolCheck.check(wanted, listed: listed, venue: feed.venueName)
            unlisted = outcome.sentences
            if outcome.listed.isEmpty {
                await feed.shutdown()
                FileHandle.standardError.write(Data(unlisted.map { "thebot: \($0)\n" }.joined().utf8))
                return 2
            }
            startConfig.symbols = outcome.listed
        }
        log.write("monitor start: \(feed.endpointLabel), \(startConfig.symbols.count) symbols")
        for sentence in unlisted { log.write(sentence) }
        if let i = config.intervals.firstIndex(of: settings.startInterval) {
            startConfig.intervals = Array(config.intervals[i...] + config.intervals[..<i])
        }
        let model = MonitorPresenter(config: startConfig, specs: settings.specs, store: store, isDemo: exchange.demo,
                                     endpointLabel: feed.endpointLabel)
        let now = wallClockMilliseconds()
        if let warning = loaded.warning { model.flash(warning, nowMs: now, forMs: 10_000) }
        if !unlisted.isEmpty { model.flash(unlisted.joined(separator: " "), nowMs: now, forMs: 15_000) }

        let themeList = themes.availableNames().map { themes.load(named: $0).theme }
        let loopBox = LoopBox()
        let alarmBox = Locked<FeedAlarm?>(nil)
        let desk: SignalDesk
        do {
            desk = try Self.makeDesk(config: config, model: model, series: store, loopBox: loopBox, log: log)
            try PriceAlertBook.load(config: config, history: desk.recorder.store, into: store)
        } catch {
            await feed.shutdown()
            FileHandle.standardError.write(Data("thebot: \(error)\n".utf8))
            return 2
        }
        let loop = MonitorLoop(theme: loaded.theme, themes: themeList, keyMap: keyMap, forceASCII: settings.ascii,
                               stateProvider: {
                                   let bytes = model.takeTerminalBytes()
                                   if !bytes.isEmpty { bytes.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) } }
                                   return model.snapshot(nowMs: wallClockMilliseconds())
                               },
                               onAction: { action in
                                   let now = wallClockMilliseconds()
                                   let commands = model.handle(action, nowMs: now)
                                   for case .toggle(let name) in commands {
                                       var on = false
                                       for channel in SignalWiring.channels(name) { on = desk.notifier.toggle(channel) }
                                       model.flash("\(name.capitalized) notifications \(on ? "on" : "off").", nowMs: now, forMs: 3_000)
                                   }
                                   if let problem = PriceAlertBook.perform(commands, history: desk.recorder.store, store: store) {
                                       model.flash(problem, nowMs: now, forMs: 8_000)
                                   }
                                   if !commands.isEmpty {
                                       alarmBox.withLock { $0 }?.follow(model.symbols)
                                       Task { await feed.perform(commands, store: store, log: log) }
                                   }
                               })
        loopBox.loop.withLock { $0 = loop }
        model.setSignalHistory(desk.recorder.recent.map(SignalWiring.row))
        let history = desk.recorder.store
        model.setMarkerSource { symbol, interval, since in
            do {
                return try history.signals(symbol: symbol, since: since, limit: 5_000).filter { $0.interval == interval }
                    .map(SignalWiring.row)
            } catch {
                log.write("signal markers: \(error)")
                return []
            }
        }

        // The feed: subscribe, then every batch reaches the presenter and the signal history
        // through the store, and the screen learns of it by a flag.
        store.add(MonitorFeed(presenter: model, recorder: desk.recorder, loop: loop, log: log))
        // Tells the trader, once, when the feed fails and when it is back (before the feed
        // starts, so the first "live" is seen).
        let alarm = FeedAlarm(symbols: model.symbols, staleAfter: config.alerts.feedStaleAfter,
                              downAfter: config.alerts.feedDownAfter) { alert in
            log.write(alert.message)
            desk.notifier.announce(alert)
            loop.markDirty()
        }
        store.add(alarm)
        alarmBox.withLock { $0 = alarm }
        feed.onSignal { desk.recorder.record([$0]) }
        await feed.perform([.watch(model.symbols, model.interval)], store: store, log: log)
        await feed.start()
        let info = Task {
            await feed.loadInstruments(model: model, log: log)
            loop.markDirty()
        }

        let reason: MonitorLoop.ExitReason = await withCheckedContinuation { continuation in
            let thread = Thread {
                #if os(Linux)
                // Foundation on Linux keeps Thread.name to itself, so the thread would show its
                // creator's name ("com.apple.root.default-qos") in top -H, gdb and /proc. Glibc's
                // pthread_setname_np is not imported; this is the same thing (proc(5)).
                if let f = fopen("/proc/thread-self/comm", "w") {
                    fputs("thebot-ui", f)
                    fclose(f)
                }
                #endif
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
        // The screen is restored by now. Store what is queued, give the notifiers a moment,
        // say goodbye on every connection, and go: all of it within about two seconds.
        info.cancel()
        alarm.stop()
        let unsaved = desk.recorder.close()
        Self.waitBriefly(seconds: 0.8) { desk.notifier.waitUntilIdle() }
        await feed.shutdown()
        log.write("monitor stop: \(reason)")
        if unsaved > 0 {
            let sentence = "\(unsaved) signal\(unsaved == 1 ? "" : "s") could not be written to the signal history before exit; "
                + "check the disk and \(desk.recorder.store.path)."
            log.write(sentence)
            FileHandle.standardError.write(Data("thebot: \(sentence)\n".utf8))
        }
        log.flush()
        // A stop asked for by SIGINT, SIGTERM or SIGHUP is a clean exit, like `q`.
        switch reason {
        case .quit, .stopped, .signal: return 0
        }
    }

    /// Runs `body` on another thread and waits for it at most `seconds` (shutdown must not hang
    /// on a webhook that retries for a minute).
    static func waitBriefly(seconds: Double, _ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global(qos: .utility).async {
            body()
            done.signal()
        }
        _ = done.wait(timeout: .now() + seconds)
    }

    /// The store, the recorder and the notifiers. Each committed batch reaches the pane and
    /// the notifiers only after SQLite has it.
    static func makeDesk(config: AppConfig, model: MonitorPresenter, series: SeriesStore, loopBox: LoopBox,
                         log: LogFile) throws -> SignalDesk {
        let store: SignalStore
        do {
            store = try SignalStore(path: config.alerts.databasePath ?? SignalStore.defaultPath())
        } catch {
            throw UserError("\(error)")
        }
        let notifier = SignalNotifier(
            settings: SignalWiring.notificationSettings(config.alerts),
            log: { log.write("notify: \($0)") },
            terminal: { bytes in
                model.queueTerminal(bytes)
                loopBox.markDirty()
            },
            present: { presentation in
                let now = wallClockMilliseconds()
                switch presentation {
                case .toast(let t):
                    model.show(toast: t.body.isEmpty ? t.title : "\(t.title): \(t.body)",
                               severity: t.count > 1 ? .warning : .info,
                               direction: SignalWiring.direction(t.direction), nowMs: now)
                case .modal(let m):
                    model.show(modal: ModalView(title: m.title, lines: m.body.split(separator: "\n").map(String.init),
                                                severity: .critical))
                }
                loopBox.markDirty()
            })
        let recorder: SignalRecorder
        do {
            recorder = try SignalRecorder(
                store: store, historyCapacity: 100, retentionDays: config.alerts.retentionDays,
                onError: { log.write("signal store: \($0)") },
                onStatus: { status in
                    switch status {
                    case .failing(let sentence):
                        log.write(sentence)
                        model.setHistoryProblem(sentence)
                    case .working:
                        log.write("The signal history works again; every held signal is stored.")
                        model.setHistoryProblem(nil)
                    }
                    loopBox.markDirty()
                },
                onUnsaved: { batch in
                    // Shown, and announced, but marked: the history does not have them yet.
                    let symbols = Array(Set(batch.map(\.symbol)))
                    let levels = series.consensus(for: symbols, nowMs: wallClockMilliseconds())
                    model.addSignals(batch.map { SignalWiring.row($0, saved: false) },
                                     consensus: levels.mapValues(SignalWiring.consensus))
                    notifier.notify(batch)
                    loopBox.markDirty()
                },
                onSaved: { batch in
                    model.markSaved(ids: Set(batch.map { $0.id.uuidString.lowercased() }))
                    loopBox.markDirty()
                },
                onCommitted: { batch in
                    let symbols = Array(Set(batch.map(\.symbol)))
                    let levels = series.consensus(for: symbols, nowMs: wallClockMilliseconds())
                    model.addSignals(batch.map(SignalWiring.row), consensus: levels.mapValues(SignalWiring.consensus))
                    notifier.notify(batch)
                    loopBox.markDirty()
                })
        } catch {
            throw UserError("\(error)")
        }
        return SignalDesk(recorder: recorder, notifier: notifier)
    }

    static func perform(_ commands: [MonitorPresenter.Command], feed: Feed, store: SeriesStore, log: LogFile) async {
        // New subscriptions before the old ones go: a connection never runs empty in between,
        // so an interval switch changes the streams on the open connections in place.
        let ordered = commands.filter { if case .watch = $0 { true } else { false } }
            + commands.filter { if case .watch = $0 { false } else { true } }
        for command in ordered {
            switch command {
            case .watch(let symbols, let interval):
                for s in symbols { await feed.manager.watchCandles(symbol: s, interval: interval) }
                await feed.manager.subscribe(symbols.map { .ticker($0) })
            case .unwatch(let symbols, let interval):
                for s in symbols {
                    await feed.manager.unwatchCandles(symbol: s, interval: interval)
                    store.drop(SeriesID(venue: Feed.venue.id, symbol: s, interval: interval))
                }
                // A symbol's ticker goes with its last candle series.
                let remaining = await feed.manager.subscriptions
                let tickers = symbols.filter { symbol in
                    !remaining.contains { if case .candles(symbol, _) = $0 { true } else { false } }
                }.map { Subscription.ticker($0) }
                if !tickers.isEmpty { await feed.manager.unsubscribe(tickers) }
            case .reconnect:
                log.write("reconnect requested")
                await feed.manager.reconnectAll()
            case .watchFlow(let symbol):
                store.watchFlow(symbol)
                await feed.manager.watchOrderBook(symbol: symbol, publishLevels: Self.flowBookLevels)
                await feed.manager.subscribe([.trades(symbol)])
            case .unwatchFlow(let symbol):
                await feed.manager.unwatchOrderBook(symbol: symbol)
                await feed.manager.unsubscribe([.trades(symbol)])
                store.unwatchFlow(symbol)
            case .quit, .toggle, .addAlert, .deleteAlert:
                break
            }
        }
    }

    /// Book levels a side the depth ladder gets on each change: enough for coarse groupings.
    static let flowBookLevels = 500

    /// Tick sizes (for price precision) and the symbol list (for completion). Retries quietly:
    /// the monitor works without it, with two decimals.
    static func loadExchangeInfo(feed: Feed, model: MonitorPresenter, log: LogFile) async {
        var delay = 1.0
        while !Task.isCancelled {
            do {
                let instruments = try await feed.history.instruments()
                var decimals: [Symbol: Int] = [:]
                for i in instruments { decimals[i.symbol] = i.priceDecimals }
                model.setExchangeSymbols(instruments.filter(\.isTrading).map(\.symbol.name), decimals: decimals)
                return
            } catch {
                // Once, not once per retry: the retries go on quietly until the list arrives.
                if delay == 1 { log.write("The exchange's instrument list could not be fetched (\(error)); retrying in the background.") }
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

/// The loop, for callbacks created before it exists.
final class LoopBox: Sendable {
    let loop = Locked<MonitorLoop?>(nil)
    func markDirty() { loop.withLock { $0 }?.markDirty() }
}
