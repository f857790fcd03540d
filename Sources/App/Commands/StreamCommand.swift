import ArgumentParser
import Foundation
import MarketData
import MarketModel
import MarketState
import Signals

/// `thebot stream`: the live feed without the screen, as NDJSON lines.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Print live candles and feed health as JSON lines, without the screen.")

    @Flag(name: .long, help: "NDJSON output (one object per line); the only format so far.")
    var json = false

    @Option(name: .long, help: "Comma-separated symbols.")
    var symbols = "BTCUSDT"

    @Option(name: .long, help: "Kline interval(s), comma-separated (1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M).")
    var interval = "1m"

    @Option(name: .long, help: "Config file for rules and endpoints (default: $XDG_CONFIG_HOME/thebot/config.toml).")
    var config: String?

    @Flag(name: .customLong("no-signals"), help: "Do not evaluate signal rules.")
    var noSignals = false

    @Option(name: .long, help: "Comma-separated: kline (default), trade, bookTicker, ticker, depth; one line type each.")
    var channels = "kline"

    @Option(name: .customLong("depth-levels"), help: "Levels per side of each depth line (1-1000, default 20).")
    var depthLevels = 20

    @OptionGroup var exchange: ExchangeFlags

    @Option(name: .long, help: "Read the feed `thebot serve` publishes on NATS (nats://HOST:4222) instead of the exchange.")
    var feed: String?

    @OptionGroup var bus: BusAuthFlags

    func run() async throws {
        do {
            try await stream()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw Failure.exit(error)
        }
    }

    private func stream() async throws {
        if let feed { return try await streamFromBus(feed) }
        var symbols = try parseSymbols(self.symbols)
        let intervals = try parseIntervals(interval)
        let channels = try StreamChannel.parse(self.channels)
        guard (1...1000).contains(depthLevels) else { throw UserError("--depth-levels must be between 1 and 1000, not \(depthLevels).") }
        let settings = try ConfigFile.load(path: config)
        let rules = noSignals ? [] : try SignalDesk.rules(config: settings)
        // The series store owns the bars and runs the rules; the printer reads each batch from it.
        let store = SeriesStore(settings: .init(venue: Feed.venue.id, capacity: exchange.historyBars ?? settings.historyBars,
                                                rules: rules))
        let out = StdoutWriter()
        let history = noSignals ? nil : try Self.openHistory(config: settings)
        if let history { try PriceAlertBook.load(config: settings, history: history, into: store) }
        let log = LogFile.shared
        let journal = history.map { Self.journal(for: $0, out: out, log: log) }
        store.add(StreamPrinter(out: out, history: journal))
        let feed = try await Feed.make(flags: exchange, config: settings, sink: store)
        symbols = try await feed.listed(symbols, demo: exchange.demo)
        let alarm = FeedAlarm(symbols: symbols, staleAfter: settings.alerts.feedStaleAfter,
                              downAfter: settings.alerts.feedDownAfter,
                              cadence: channels.contains(.kline) ? FeedAlarm.klineCadence : 1) { alert in
            log.write(alert.message)
            out.line(alert.jsonLine)
        }
        store.add(alarm)
        await StreamChannel.watch(channels, symbols: symbols, intervals: intervals, depthLevels: depthLevels, on: feed.manager)
        await feed.manager.start()
        await Self.runUntilStopped(out)
        // Stopping: a last try at what the history holds, close frames on every connection.
        alarm.stop()
        journal?.stop()
        journal?.retryNow()
        await feed.shutdown()
        if let journal, !journal.unsaved.isEmpty {
            let n = journal.unsaved.count
            let sentence = "\(n) signal\(n == 1 ? "" : "s") could not be written to the signal history before exit; "
                + "check the disk and \(journal.store.path)."
            log.write(sentence)
            FileHandle.standardError.write(Data("thebot: \(sentence)\n".utf8))
        }
        log.flush()
    }

    /// The signal history's writer for `stream`: a `{"type":"history"}` line when it starts
    /// failing (the signals then print with `"saved":false`) and when it has stored them all.
    static func journal(for store: SignalStore, out: StdoutWriter, log: LogFile) -> SignalJournal {
        SignalJournal(store: store,
                      onError: { log.write("signal store: \($0)") },
                      onStatus: { status in
                          switch status {
                          case .failing(let sentence):
                              log.write(sentence)
                              out.line("{\"type\":\"history\",\"state\":\"failing\",\"message\":\(JSONLine.quote(sentence))}")
                          case .working:
                              log.write("The signal history works again; every held signal is stored.")
                          }
                      },
                      onRecovered: { batch in
                          let ids = batch.map { JSONLine.quote($0.id.uuidString.lowercased()) }.joined(separator: ",")
                          let sentence = "The signal history works again; \(batch.count) held signal\(batch.count == 1 ? " is" : "s are") stored."
                          out.line("{\"type\":\"history\",\"state\":\"working\",\"saved\":\(batch.count),\"ids\":[\(ids)],"
                                   + "\"message\":\(JSONLine.quote(sentence))}")
                      })
    }

    /// Whichever ends first: a termination signal, or the reader of stdout going away.
    static func runUntilStopped(_ out: StdoutWriter) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await TerminationSignal.wait() }
            group.addTask {
                while !Task.isCancelled, !out.isClosed {
                    // A closed reader is also noticed by the next write; this only catches it
                    // while the feed is quiet.
                    try? await Task.sleep(nanoseconds: 1_000_000_000)
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// The signal history the monitor and `thebot history` use; a file that cannot be opened is
    /// one sentence and exit code 2, before anything streams.
    static func openHistory(config: AppConfig) throws -> SignalStore {
        do {
            return try SignalStore(path: config.alerts.databasePath ?? SignalStore.defaultPath())
        } catch {
            throw UserError("\(error)")
        }
    }
}
