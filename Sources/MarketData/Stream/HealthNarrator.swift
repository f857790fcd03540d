/// Turns the stream of health snapshots into log lines: one sentence per change a reader cares
/// about (the feed's state, or a new problem), nothing for the periodic refreshes in between.
public struct HealthNarrator: Sendable {
    private var lastState: ConnectionState?
    private var lastError: String?
    private var everLive = false
    private var reconnectsWhenLive = 0

    public init() {}

    /// The line to log for this snapshot, or nil when nothing worth a line changed.
    public mutating func line(for health: FeedHealth) -> String? {
        let stateChanged = health.state != lastState
        let errorChanged = health.lastError != nil && health.lastError != lastError
        defer {
            lastState = health.state
            lastError = health.lastError
        }
        guard stateChanged || errorChanged else { return nil }
        switch health.state {
        case .live:
            guard stateChanged else { return health.lastError }
            let line: String
            if everLive {
                let n = health.reconnects - reconnectsWhenLive
                let total = health.reconnects > n ? " (\(health.reconnects) since start)" : ""
                line = n > 0 ? "Feed is live again after \(n) reconnect\(n == 1 ? "" : "s")\(total)." : "Feed is live again."
            } else {
                let c = health.connections.count
                let streams = health.connections.reduce(0) { $0 + $1.streams }
                line = "Feed is live: \(c) connection\(c == 1 ? "" : "s") carrying \(streams) stream\(streams == 1 ? "" : "s")."
            }
            everLive = true
            reconnectsWhenLive = health.reconnects
            return line
        case .connecting:
            if errorChanged, let error = health.lastError { return error }
            return lastState == nil ? "Connecting to the feed." : nil
        case .stale, .reconnecting, .down:
            if errorChanged, let error = health.lastError { return error }
            // The state moved without a new explanation (e.g. stale → reconnecting after the
            // stale line already said what happens): one short line, not the old sentence again.
            return "Feed is \(health.state.rawValue)."
        }
    }
}
