import Foundation
import MarketState
import Presenter
import Signals

/// Where price alerts are kept (the signal history's database) and watched (the series store,
/// which fires them as signals).
enum PriceAlertBook {
    /// Stores the config file's alerts (each once: one that fired stays fired) and hands every
    /// alert still waiting to the store.
    static func load(config: AppConfig, history: SignalStore, into store: SeriesStore) throws {
        do {
            for alert in config.alerts.prices { try history.add(alert) }
            store.setPriceAlerts(try history.activePriceAlerts())
        } catch {
            throw UserError("\(error)")
        }
    }

    /// The keys' alert commands: stored first, then watched or forgotten. Returns the sentence
    /// to show when the database refused one.
    static func perform(_ commands: [MonitorPresenter.Command], history: SignalStore, store: SeriesStore) -> String? {
        var problem: String?
        for command in commands {
            do {
                switch command {
                case .addAlert(let alert):
                    try history.add(alert)
                    store.add(alert)
                case .deleteAlert(let id):
                    try history.deletePriceAlert(id: id)
                    store.removePriceAlert(id: id)
                default:
                    break
                }
            } catch {
                problem = error.description
            }
        }
        return problem
    }
}
