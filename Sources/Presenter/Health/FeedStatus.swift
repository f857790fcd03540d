import MarketData
import TUI

/// The feed's health as the status bar shows it, and the one sentence for a feed that has never
/// been live.
struct FeedStatus: Sendable {
    private(set) var health = FeedHealth()
    /// Once the feed has been live, a later outage is shown by the health state alone: the
    /// "try --demo" advice is only for a feed that never worked.
    private(set) var everLive = false

    /// Takes a health update; true when the status bar must change now. The data age and the
    /// message rate move every second, and the clock's own frame each second shows them, so a
    /// change in those alone does not ask for a frame of its own: an idle monitor then draws
    /// once a second, not twice.
    mutating func note(_ health: FeedHealth) -> Bool {
        let changed = Self.withoutTicking(health) != Self.withoutTicking(self.health)
        self.health = health
        if health.state == .live { everLive = true }
        return changed
    }

    /// The health with what moves every second (data age, message rate) set aside; whether an
    /// age is known at all still counts.
    private static func withoutTicking(_ health: FeedHealth) -> FeedHealth {
        var h = health
        h.lastMessageAge = h.lastMessageAge.map { _ in 0 }
        h.messagesPerSecond = 0
        h.connections = h.connections.map {
            var c = $0
            c.lastMessageAge = c.lastMessageAge.map { _ in 0 }
            c.messagesPerSecond = 0
            return c
        }
        return h
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
