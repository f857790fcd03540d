import Foundation
import MarketModel
import Signals

extension MonitorPresenter {
    /// What the feed side must do after a key (the presenter itself never touches the network).
    public enum Command: Sendable, Equatable {
        case watch([Symbol], Interval)
        case unwatch([Symbol], Interval)
        /// A notification channel switched on or off: "toast", "modal", "bell" or "desktop".
        case toggle(String)
        case reconnect
        /// Store this alert and start watching for it.
        case addAlert(PriceAlert)
        case deleteAlert(UUID)
        /// Keep (or stop keeping) the order book and the trades of this symbol.
        case watchFlow(Symbol)
        case unwatchFlow(Symbol)
        case quit
    }
}
