import MarketModel

/// Decides when to tell the trader the feed is failing, and when it is back: one "down" when
/// a watched symbol's data is older than `staleAfter` or the connections have not been live for
/// `downAfter` (reconnects that keep failing), and one "recovered" when every watched symbol
/// has fresh data and the connections are live again. Never one per retry: between the two,
/// nothing more is said.
///
/// A value fed with observations and the time (monotonic seconds); the caller owns the clock
/// and the timer, so the decisions are plain functions a test can drive.
public struct FeedWatch: Sendable {
    public struct Thresholds: Sendable, Equatable {
        /// Seconds without data for one symbol before the feed counts as down.
        public var staleAfter: Double
        /// Seconds of connections not live (failing reconnects) before the feed counts as down.
        public var downAfter: Double

        public init(staleAfter: Double, downAfter: Double) {
            self.staleAfter = staleAfter
            self.downAfter = downAfter
        }

        /// The default stale threshold: three times the expected cadence of the shortest
        /// subscribed stream, and never under 30 s.
        public static func defaultStaleAfter(cadence: Double) -> Double {
            max(30, 3 * cadence)
        }
    }

    public enum Alert: Sendable, Equatable {
        /// The feed is failing; `symbols` are the ones without fresh data (may be empty when
        /// the connections fail), `sentence` says what and what happens next.
        case down(symbols: [Symbol], sentence: String)
        case recovered(sentence: String)
    }

    public var thresholds: Thresholds
    public private(set) var isDown = false
    private var lastData: [Symbol: Double] = [:]
    /// When the connections were last seen live (or watching began).
    private var liveSince: Double?
    private var notLiveSince: Double?

    public init(thresholds: Thresholds) {
        self.thresholds = thresholds
    }

    /// Starts (or keeps) watching `symbols`; their clock starts now if they had none.
    public mutating func watch(_ symbols: [Symbol], now: Double) {
        for symbol in symbols where lastData[symbol] == nil { lastData[symbol] = now }
        if notLiveSince == nil && liveSince == nil { notLiveSince = now }
    }

    public mutating func unwatch(_ symbols: [Symbol]) {
        for symbol in symbols { lastData[symbol] = nil }
    }

    public var watched: [Symbol] { lastData.keys.sorted { $0.name < $1.name } }

    /// Live data for `symbol` arrived at `now`.
    public mutating func data(_ symbol: Symbol, now: Double) {
        if lastData[symbol] != nil { lastData[symbol] = now }
    }

    /// The connections' overall state at `now`.
    public mutating func connection(_ state: ConnectionState, now: Double) {
        if state == .live {
            notLiveSince = nil
            liveSince = now
        } else if notLiveSince == nil {
            notLiveSince = now
        }
    }

    /// What to tell the trader at `now`, if anything: at most one alert per change.
    public mutating func check(now: Double) -> Alert? {
        let stale = lastData.filter { now - $0.value >= thresholds.staleAfter }.keys.sorted { $0.name < $1.name }
        let failingFor = notLiveSince.map { now - $0 } ?? 0
        let failing = failingFor >= thresholds.downAfter
        if !isDown {
            guard !stale.isEmpty || failing else { return nil }
            isDown = true
            if !stale.isEmpty {
                let oldest = stale.map { now - lastData[$0]! }.max() ?? thresholds.staleAfter
                let names = Self.list(stale)
                return .down(symbols: stale, sentence: "Feed down: no data for \(names) for \(Int(oldest)) s; reconnecting, you will be told when it is back.")
            }
            return .down(symbols: [], sentence: "Feed down: reconnects have failed for \(Int(failingFor)) s; still retrying, you will be told when it is back.")
        }
        guard stale.isEmpty, notLiveSince == nil else { return nil }
        isDown = false
        return .recovered(sentence: "Feed recovered: data is flowing again.")
    }

    private static func list(_ symbols: [Symbol]) -> String {
        let names = symbols.map(\.name)
        return names.count <= 4 ? names.joined(separator: ", ") : names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more"
    }
}
