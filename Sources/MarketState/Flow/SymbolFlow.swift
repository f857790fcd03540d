import MarketModel

/// The order flow of one symbol as the feed delivered it: the synced top of its order book and
/// its recent trades. Kept by the series store next to the candles, read by the screen.
public struct SymbolFlow: Sendable {
    /// The synced book's top levels (best first), nil while the book is (re)syncing: a book
    /// that missed a diff, or lost its connection, is never shown as live.
    public private(set) var book: DepthSnapshot?
    /// Times the book went from synced to resyncing.
    public private(set) var resyncs = 0
    /// The newest trades, oldest first, at most `tapeCapacity`.
    public private(set) var trades: [Trade] = []

    public static let tapeCapacity = 1_000

    /// The update id of the last synced book published, to tell a diff that moved the synced
    /// book (its final id) from one that arrived while the book was not synced.
    private var publishedUpdateId: Int64?

    public init() {}

    mutating func apply(_ event: MarketEvent) {
        switch event {
        case .partialDepth(_, let snapshot):
            book = snapshot
            publishedUpdateId = snapshot.lastUpdateId
        case .depthUpdate(let update):
            // The manager publishes the synced book before the diff that moved it.
            if publishedUpdateId != update.finalUpdateId { markResyncing() }
        case .trade(let trade):
            trades.append(trade)
            if trades.count > Self.tapeCapacity { trades.removeFirst(trades.count - Self.tapeCapacity) }
        default:
            break
        }
    }

    mutating func markResyncing() {
        if book != nil { resyncs += 1 }
        book = nil
        publishedUpdateId = nil
    }
}
