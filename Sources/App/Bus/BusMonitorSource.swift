import Bus
import Foundation
import MarketData
import MarketModel
import MarketState
import Presenter
import Signals

/// The monitor on a feed from the bus: no exchange connection. Bars come through a
/// `FeedViewer` into the store, the feed's health reaches the status bar, and the feed's
/// signals go to this viewer's own history and notifiers (set with `onSignal`).
final class BusMonitorSource: MonitorSource {
    let endpointLabel: String
    let venueName = "the feed"
    let ownSymbols: [Symbol]?
    private let connection: BusConnection
    private let viewer: FeedViewer
    private let store: SeriesStore
    private let signalHandler: Locked<(@Sendable (Signal) -> Void)?>

    private init(connection: BusConnection, viewer: FeedViewer, store: SeriesStore, symbols: [Symbol],
                 signalHandler: Locked<(@Sendable (Signal) -> Void)?>) {
        self.connection = connection
        self.store = store
        self.viewer = viewer
        self.signalHandler = signalHandler
        ownSymbols = symbols
        endpointLabel = "feed \(connection.label)"
    }

    static func connect(_ options: BusOptions, store: SeriesStore) throws -> BusMonitorSource {
        let label = options.label
        let connection: BusConnection
        let published: (symbols: [Symbol], intervals: [Interval])
        do {
            connection = try BusConnection.connect(options) { event in
                // The bus is this viewer's exchange: losing it shows as the feed's state.
                if case .disconnected = event {
                    store.receive([.health(FeedHealth(state: .reconnecting, lastError: "Lost the NATS server at \(label); reconnecting."))])
                }
            }
            do {
                published = try FeedViewer.published(on: connection, venue: Feed.venue.id)
            } catch {
                connection.close()
                throw error
            }
        } catch let error as BusError {
            throw UserError(error.description)
        }
        let handler = Locked<(@Sendable (Signal) -> Void)?>(nil)
        let viewer = FeedViewer(connection: connection, venue: Feed.venue.id, sink: store,
                                onSignal: { line in
                                    if let signal = JSONLine.parseSignal(line) { handler.withLock { $0 }?(signal) }
                                },
                                onHealth: { line in
                                    if let health = JSONLine.parseHealth(line) { store.receive([.health(health)]) }
                                })
        return BusMonitorSource(connection: connection, viewer: viewer, store: store, symbols: published.symbols, signalHandler: handler)
    }

    /// Where the feed's signals go (the signal desk, created after the source).
    func onSignal(_ handler: @escaping @Sendable (Signal) -> Void) {
        signalHandler.withLock { $0 = handler }
    }

    func listedSymbols(timeout: Double) async -> Set<String>? {
        ownSymbols.map { Set($0.map(\.name)) }
    }

    func perform(_ commands: [MonitorPresenter.Command], store: SeriesStore, log: LogFile) async {
        for command in commands {
            switch command {
            case .watch(let symbols, let interval):
                for symbol in symbols {
                    do {
                        try viewer.follow(symbol: symbol, interval: interval)
                    } catch {
                        log.write("feed: \(error)")
                    }
                }
            case .unwatch(let symbols, let interval):
                for symbol in symbols {
                    viewer.unfollow(symbol: symbol, interval: interval)
                    store.drop(SeriesID(venue: Feed.venue.id, symbol: symbol, interval: interval))
                }
            case .reconnect:
                log.write("reconnect requested: the bus reconnects by itself")
            case .watchFlow(let symbol):
                // The tape's trades come over the bus; order books stay on the box that holds
                // the exchange connection, so the ladder waits for one.
                store.watchFlow(symbol)
                do {
                    try viewer.followTrades(symbol)
                } catch {
                    log.write("feed: \(error)")
                }
            case .unwatchFlow(let symbol):
                viewer.unfollowTrades(symbol)
                store.unwatchFlow(symbol)
            case .quit, .toggle, .addAlert, .deleteAlert:
                break
            }
        }
    }

    func start() async {
        do {
            try viewer.followHealth()
        } catch {
            store.receive([.health(FeedHealth(state: .down, lastError: "\(error)"))])
        }
    }

    func loadInstruments(model: MonitorPresenter, log: LogFile) async {
        model.setExchangeSymbols((ownSymbols ?? []).map(\.name), decimals: [:])
    }

    func shutdown() async {
        viewer.stop()
        connection.close()
    }
}
