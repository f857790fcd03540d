import MarketModel

/// The `D` and `T` panes: which are open, the ladder's grouping, and the symbol whose order book
/// and trades the feed keeps for them (the selected one, only while a pane is open).
struct FlowPanes: Sendable, Equatable {
    var showLadder = false
    var showTape = false
    var grouping = BookGrouping()
    private(set) var watched: Symbol?

    /// The commands that move the feed's book and trades to `selected` (or stop them).
    mutating func follow(_ selected: Symbol?) -> [MonitorPresenter.Command] {
        let wanted = showLadder || showTape ? selected : nil
        guard wanted != watched else { return [] }
        var commands: [MonitorPresenter.Command] = []
        if let old = watched { commands.append(.unwatchFlow(old)) }
        if let new = wanted { commands.append(.watchFlow(new)) }
        watched = wanted
        return commands
    }
}

/// The ladder's price step as a multiple of the tick: `[` finer, `]` coarser.
struct BookGrouping: Sendable, Equatable {
    static let multiples = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000]
    private var index = 0

    var multiple: Int { Self.multiples[index] }
    var label: String { multiple == 1 ? "tick" : "tick × \(multiple)" }

    mutating func finer() { index = max(0, index - 1) }
    mutating func coarser() { index = min(Self.multiples.count - 1, index + 1) }
}
