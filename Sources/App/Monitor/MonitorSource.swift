import Bus
import Foundation
import MarketModel
import MarketState
import Presenter
import Signals

/// Where the monitor's market data comes from: the exchange itself (`Feed`) or a feed that
/// `thebot serve` publishes on NATS (`BusMonitorSource`). Either pours into the series store.
protocol MonitorSource: Sendable {
    /// Named in the status bar.
    var endpointLabel: String { get }
    /// Named in "X is not listed on …".
    var venueName: String { get }
    /// The symbols the source has, when it decides them (a bus feed), for a watchlist the user
    /// did not pick.
    var ownSymbols: [Symbol]? { get }
    func listedSymbols(timeout: Double) async -> Set<String>?
    func perform(_ commands: [MonitorPresenter.Command], store: SeriesStore, log: LogFile) async
    func start() async
    /// Tick sizes and the symbol list for completion; retried quietly until they arrive.
    func loadInstruments(model: MonitorPresenter, log: LogFile) async
    func shutdown() async
    /// Where signals the source computed elsewhere go (a bus feed's); the exchange's signals
    /// come from the store's own rules instead.
    func onSignal(_ handler: @escaping @Sendable (Signal) -> Void)
}

enum MonitorSources {
    static func make(bus: BusOptions?, exchange: ExchangeFlags, config: AppConfig, store: SeriesStore) async throws -> any MonitorSource {
        if let bus { return try BusMonitorSource.connect(bus, store: store) }
        return try await Feed.make(flags: exchange, config: config, sink: store)
    }
}

extension Feed: MonitorSource {
    var venueName: String { SymbolCheck.venueName(demo: simulator != nil) }
    var ownSymbols: [Symbol]? { nil }

    func listedSymbols(timeout: Double) async -> Set<String>? {
        await SymbolCheck.listedSymbols(feed: self, timeout: timeout)
    }

    func perform(_ commands: [MonitorPresenter.Command], store: SeriesStore, log: LogFile) async {
        await MonitorSession.perform(commands, feed: self, store: store, log: log)
    }

    func start() async { await manager.start() }

    func onSignal(_ handler: @escaping @Sendable (Signal) -> Void) {}

    func loadInstruments(model: MonitorPresenter, log: LogFile) async {
        await MonitorSession.loadExchangeInfo(feed: self, model: model, log: log)
    }
}
