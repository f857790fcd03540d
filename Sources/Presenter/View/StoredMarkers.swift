import MarketModel
import TUI

/// The stored signals of the chart's series, read from the signal history when the chart shows
/// a series (or older bars) it has not read for, so markers do not depend on how many signals of
/// other symbols came since. Newer signals reach the chart through the pane's list.
struct StoredMarkers: Sendable {
    /// Reads the stored signals of a series at or after an epoch ms.
    typealias Source = @Sendable (Symbol, Interval, Int64) -> [SignalRow]

    private(set) var symbol: Symbol?
    private(set) var interval: Interval?
    /// The oldest bar's open time the rows were read from.
    private(set) var since = Int64.max
    private(set) var rows: [SignalRow] = []

    /// True when the chart's series or its oldest bar needs a new read.
    func needsRead(symbol: Symbol, interval: Interval, oldest: Int64) -> Bool {
        symbol != self.symbol || interval != self.interval || oldest < since
    }

    mutating func store(_ rows: [SignalRow], symbol: Symbol, interval: Interval, since: Int64) {
        self.rows = rows
        self.symbol = symbol
        self.interval = interval
        self.since = since
    }

    /// The stored rows and the pane's recent ones, each signal once.
    func merged(with recent: [SignalRow]) -> [SignalRow] {
        struct Key: Hashable { let time: Int64; let symbol: String; let rule: String }
        var seen = Set(rows.map { Key(time: $0.timeMs, symbol: $0.symbol, rule: $0.rule) })
        return rows + recent.filter { seen.insert(Key(time: $0.timeMs, symbol: $0.symbol, rule: $0.rule)).inserted }
    }
}
