import ArgumentParser
import Bus
import Foundation
import MarketData
import MarketModel
import MarketState

/// `thebot serve`: one exchange feed for many viewers. Runs the pipeline once (the same feed,
/// series store and rules as `stream`) and publishes its candles, signals and health on NATS
/// JetStream, where `--feed` viewers read them.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Publish the live feed (candles, signals, health) on NATS JetStream for --feed viewers.")

    @Option(name: .long, help: "NATS server URL, nats://HOST:4222 (tls://HOST:4222 for TLS).")
    var nats: String

    @OptionGroup var auth: BusAuthFlags

    @Option(name: .long, help: "Comma-separated symbols.")
    var symbols = "BTCUSDT"

    @Option(name: .long, help: "Kline interval(s), comma-separated.")
    var interval = "1m"

    @Option(name: .long, help: "Config file for rules and endpoints (default: $XDG_CONFIG_HOME/thebot/config.toml).")
    var config: String?

    @Flag(name: .customLong("no-signals"), help: "Do not evaluate signal rules.")
    var noSignals = false

    @Option(name: .long, help: "Comma-separated: what the feed publishes (kline always; trade, bookTicker, ticker; default all).")
    var channels = "kline,trade,bookTicker,ticker"

    @Option(name: .customLong("signals-max-age"), help: "Hours JetStream keeps signals (default 24).")
    var signalsMaxAge: Double = 24

    @Option(name: .customLong("bus-buffer"), help: "Closed bars and signals held while NATS is away (default 100000).")
    var busBuffer = 100_000

    @OptionGroup var exchange: ExchangeFlags

    func validate() throws {
        guard signalsMaxAge > 0, signalsMaxAge.isFinite else {
            throw ValidationError("--signals-max-age must be a positive number of hours.")
        }
        guard busBuffer > 0 else { throw ValidationError("--bus-buffer must be a positive number of messages.") }
    }

    func run() async throws {
        do {
            try await serve()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw Failure.exit(error)
        }
    }

    private func serve() async throws {
        let symbols = try parseSymbols(self.symbols)
        let intervals = try parseIntervals(interval)
        let channels = try StreamChannel.parse(self.channels)
        guard !channels.contains(.depth) else {
            throw UserError("--channels: depth is not published on the bus; serve publishes kline, trade, bookTicker and ticker.")
        }
        let settings = try ConfigFile.load(path: config)
        let rules = noSignals ? [] : try SignalDesk.rules(config: settings)
        let historyBars = exchange.historyBars ?? settings.historyBars
        let bus = try auth.connect(url: nats) { event in
            switch event {
            case .disconnected:
                FileHandle.standardError.write(Data("thebot: lost the NATS server; closed bars wait in memory until it is back.\n".utf8))
            case .reconnected:
                FileHandle.standardError.write(Data("thebot: the NATS server is back; sending what waited.\n".utf8))
            case .closed:
                break
            }
        }
        defer { bus.close() }
        do {
            try bus.ensureStream(FeedSubjects.klines(historyBars: historyBars))
            try bus.ensureStream(FeedSubjects.signals(maxAgeHours: signalsMaxAge))
            try bus.ensureStream(FeedSubjects.healthSpec)
        } catch let error as BusError {
            throw UserError(error.description)
        }
        let outbox = BusOutbox(connection: bus, stream: FeedSubjects.klineStream, capacity: busBuffer)
        let store = SeriesStore(settings: .init(venue: Feed.venue.id, capacity: historyBars, rules: rules))
        store.add(FeedPublisher(outbox: outbox, venue: Feed.venue.id))
        let feed = try await Feed.make(flags: exchange, config: settings, sink: store)
        let watched = try await feed.watch(symbols: symbols, intervals: intervals, demo: exchange.demo)
        // Candles always; the 24 h tickers (for the viewers' watchlists), trades and book tops as asked.
        var streams: [Subscription] = []
        if channels.contains(.ticker) { streams += watched.map { .ticker($0) } }
        if channels.contains(.trade) { streams += watched.map { .trades($0) } }
        if channels.contains(.bookTicker) { streams += watched.map { .bookTop($0) } }
        if !streams.isEmpty { await feed.manager.subscribe(streams) }
        outbox.send([OutgoingMessage(
            subject: FeedSubjects.description,
            payload: Array(FeedSubjects.descriptionLine(venue: Feed.venue.id, symbols: watched, intervals: intervals).utf8),
            kind: .kept(msgId: "feed/\(wallClockMilliseconds())", orderKey: nil))])
        await feed.manager.start()
        FileHandle.standardError.write(Data(("thebot: serving \(watched.map(\.name).joined(separator: ",")) "
            + "\(intervals.map(\.rawValue).joined(separator: ",")) on \(bus.label).\n").utf8))
        _ = await TerminationSignal.wait()
        await feed.shutdown()
        outbox.stop()
    }
}
