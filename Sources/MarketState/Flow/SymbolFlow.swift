import MarketModel

/// The order flow of one symbol as the feed delivered it: the synced top of its order book and
/// its recent trades. Kept by the series store next to the candles, read by the screen.
public struct SymbolFlow: Sendable {
    /// The synced book's top levels (best first), nil while the book is (re)syncing: a book
    /// that missed a diff, or lost its connection, is never shown as live.
    public private(set) var book: DepthSnapshot?
    /// Times the book went from synced to resyncing.
    public private(set) var resyncs = 0
    /// The newest trades, oldest first, at most `tapeCapacity` (read once per frame).
    public var trades: [Trade] {
        recent.count < Self.tapeCapacity ? recent : Array(recent[oldest...] + recent[..<oldest])
    }

    /// The last trade, without putting the tape in order.
    public var lastTrade: Trade? {
        recent.isEmpty ? nil : recent[(oldest + recent.count - 1) % recent.count]
    }

    /// The tape as a ring: once full, each trade overwrites the oldest, so a trade costs one
    /// store instead of shifting a thousand.
    private var recent: [Trade] = []
    private var oldest = 0

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
            if recent.count < Self.tapeCapacity {
                recent.append(trade)
            } else {
                recent[oldest] = trade
                oldest = (oldest + 1) % Self.tapeCapacity
            }
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
