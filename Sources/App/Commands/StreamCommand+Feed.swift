import Bus
import Foundation
import MarketModel
import MarketState

extension StreamCommand {
    /// `stream --feed`: the same lines, read from the bus instead of the exchange. The feed's
    /// signals and health lines are printed as the feed published them (once they parse); this
    /// viewer's own bus state is a `bus` line whenever it changes.
    func streamFromBus(_ url: String) async throws {
        let symbols = try parseSymbols(self.symbols)
        let intervals = try parseIntervals(interval)
        let channels = try StreamChannel.parse(self.channels)
        guard !channels.contains(.depth) else {
            throw UserError("--channels: depth needs the exchange; a feed on the bus carries kline, trade, bookTicker and ticker.")
        }
        var extras: FeedViewer.Extras = []
        if channels.contains(.ticker) { extras.insert(.tickers) }
        if channels.contains(.trade) { extras.insert(.trades) }
        if channels.contains(.bookTicker) { extras.insert(.bookTops) }
        let settings = try ConfigFile.load(path: config)
        let out = StdoutWriter()
        let store = SeriesStore(settings: .init(venue: Feed.venue.id, capacity: exchange.historyBars ?? settings.historyBars))
        store.add(StreamPrinter(out: out))
        let printLine: @Sendable ([UInt8]) -> Void = { line in
            out.appendAndWrite { bytes in
                bytes.append(contentsOf: line)
                bytes.append(10)
            }
        }
        let connection = try bus.connect(url: url) { event in
            let state = switch event {
            case .disconnected: "reconnecting"
            case .reconnected: "live"
            case .closed: "down"
            }
            printLine(Array("{\"type\":\"bus\",\"state\":\"\(state)\"}".utf8))
        }
        defer { connection.close() }
        // What came over the bus is printed only when it reads as the line it claims to be: one
        // JSON object, no raw control characters, nothing a publisher could slip into the output.
        let printSignal: FeedViewer.LineHandler = { line in
            if let signal = JSONLine.parseSignal(line) { printLine(Array(signal.jsonLine.utf8)) }
        }
        let printHealth: FeedViewer.LineHandler = { line in
            if JSONLine.parseHealth(line) != nil { printLine(line) }
        }
        let viewer = FeedViewer(connection: connection, venue: Feed.venue.id, sink: store, extras: extras,
                                onSignal: noSignals ? nil : printSignal, onHealth: printHealth)
        try viewer.start(symbols: symbols, intervals: intervals, candles: channels.contains(.kline))
        printLine(Array("{\"type\":\"bus\",\"state\":\"live\"}".utf8))
        await Self.runUntilStopped(out)
        viewer.stop()
    }
}
