import MarketModel

/// A local copy of one symbol's order book, kept in step with a venue's diff-depth stream by
/// the procedure in PROTOCOL.md section 4: buffer diffs until a REST snapshot arrives, drop the
/// ones the snapshot already contains, require the first applied diff to straddle the
/// snapshot's id, and from then on require each diff to start right after the previous one.
///
/// Any break in the sequence returns `.gap`: the book empties itself and buffers again, and
/// the caller fetches a new snapshot and hands it to `applySnapshot`.
public struct OrderBook: Sendable {
    /// Diffs kept while waiting for a snapshot. Beyond this the oldest are dropped, which the
    /// sequence check then reports as a gap instead of silently applying a broken book.
    public let maxBufferedUpdates: Int

    private var bidSide = OrderBookSide(descending: true)
    private var askSide = OrderBookSide(descending: false)
    private var buffered: [DepthUpdate] = []
    /// The book's id (`lastUpdateId`, then each applied diff's `u`); nil while unsynced.
    public private(set) var lastUpdateId: Int64?
    /// False between the snapshot and the first applied diff, whose rule is looser.
    private var appliedSinceSnapshot = false

    public init(maxBufferedUpdates: Int = 10_000) {
        self.maxBufferedUpdates = max(1, maxBufferedUpdates)
    }

    /// True once a snapshot is in and no gap has been seen since.
    public var isSynced: Bool { lastUpdateId != nil }
    public var bufferedCount: Int { buffered.count }

    public var bestBid: PriceLevel? { bidSide.levels.first }
    public var bestAsk: PriceLevel? { askSide.levels.first }

    /// Highest bids first.
    public func bids(depth: Int) -> [PriceLevel] { Array(bidSide.levels.prefix(max(0, depth))) }
    /// Lowest asks first.
    public func asks(depth: Int) -> [PriceLevel] { Array(askSide.levels.prefix(max(0, depth))) }

    public mutating func apply(_ update: DepthUpdate) -> OrderBookResult {
        guard let bookId = lastUpdateId else {
            buffer(update)
            return .buffered
        }
        if update.finalUpdateId <= bookId { return .ignoredStale }
        let fits = appliedSinceSnapshot
            ? update.firstUpdateId == bookId + 1
            : update.firstUpdateId <= bookId + 1
        guard fits else {
            desync(keeping: [update])
            return .gap(expected: bookId + 1, received: update.firstUpdateId)
        }
        for level in update.bids { bidSide.set(level) }
        for level in update.asks { askSide.set(level) }
        lastUpdateId = update.finalUpdateId
        appliedSinceSnapshot = true
        return .applied
    }

    /// Loads a snapshot and replays the buffered diffs on top. Returns `.gap` when the buffer
    /// does not connect to the snapshot (typically the snapshot is older than the first
    /// buffered diff): fetch another snapshot; the diffs from the break on stay buffered.
    public mutating func applySnapshot(_ snapshot: DepthSnapshot) -> OrderBookResult {
        bidSide.replace(with: snapshot.bids)
        askSide.replace(with: snapshot.asks)
        lastUpdateId = snapshot.lastUpdateId
        appliedSinceSnapshot = false
        let pending = buffered
        buffered = []
        for (index, update) in pending.enumerated() {
            let result = apply(update)
            if case .gap = result {
                buffered.append(contentsOf: pending[(index + 1)...])
                return result
            }
        }
        return .applied
    }

    /// Forgets everything, as after a reconnect.
    public mutating func reset() {
        desync(keeping: [])
    }

    private mutating func desync(keeping updates: [DepthUpdate]) {
        bidSide.removeAll()
        askSide.removeAll()
        lastUpdateId = nil
        appliedSinceSnapshot = false
        buffered = []
        for update in updates { buffer(update) }
    }

    private mutating func buffer(_ update: DepthUpdate) {
        if buffered.count >= maxBufferedUpdates {
            buffered.removeFirst(buffered.count - maxBufferedUpdates + 1)
        }
        buffered.append(update)
    }
}
