import MarketData
import TUI

/// The feed's health as the status bar shows it, and the one sentence for a feed that has never
/// been live.
struct FeedStatus: Sendable {
    private(set) var health = FeedHealth()
    /// Once the feed has been live, a later outage is shown by the health state alone: the
    /// "try --demo" advice is only for a feed that never worked.
    private(set) var everLive = false

    mutating func note(_ health: FeedHealth) {
        self.health = health
        if health.state == .live { everLive = true }
    }

    var view: HealthView {
        let h = health
        let state = HealthView.State(rawValue: h.state.rawValue) ?? .connecting
        // No open connection has delivered a frame (never connected, or reconnecting): the age is
        // unknown, which the status bar shows as "age –", not as fresh data ("age 0.0s").
        return HealthView(state: state, dataAgeSeconds: h.lastMessageAge ?? .infinity, messagesPerSecond: h.messagesPerSecond,
                          reconnects: h.reconnects, lastError: h.lastError, backfilling: h.backfilling > 0,
                          restWeightUsed: h.restWeightUsed)
    }

    /// When the exchange has never been reached, say why and what to try.
    func problem(isDemo: Bool) -> String? {
        guard !everLive, health.state != .live, health.state != .connecting || health.lastError != nil,
              let error = health.lastError else { return nil }
        if isDemo { return error }
        let retrying = error.lowercased().contains("retrying") ? "" : " Retrying;"
        return "\(error)\(retrying) run `thebot --demo` for the simulator."
    }
}
