import Foundation
import MarketModel

/// Where order-book snapshots come from: the venue's REST depth endpoint.
public protocol DepthHistory: Sendable {
    func depthSnapshot(symbol: Symbol, limit: Int) async throws -> DepthSnapshot
}

/// One symbol's local book and its resync state.
struct BookState {
    var book = OrderBook()
    var fetching = false
    var resyncs = 0
    /// Levels a side of each synced top-of-book snapshot carries; 0 publishes none.
    var publishLevels = 0
}

extension StreamManager {
    /// Keeps a local order book for `symbol` from the diff-depth stream and REST snapshots,
    /// resynchronising on any gap and after every reconnect.
    /// - Parameter publishLevels: when above 0, every change of the synced book reaches the
    ///   feed's consumers, in order with the market, as a `.partialDepth` event carrying that
    ///   many levels a side. A book that is not synced publishes nothing, so a consumer never
    ///   sees a stale book as a live one.
    public func watchOrderBook(symbol: Symbol, snapshotLimit: Int = 1000, publishLevels: Int = 0) {
        guard books[symbol] == nil else { return }
        books[symbol] = BookState(publishLevels: max(0, publishLevels))
        bookSnapshotLimit = snapshotLimit
        subscribe([.depth(symbol)])
    }

    public func unwatchOrderBook(symbol: Symbol) {
        books[symbol] = nil
        unsubscribe([.depth(symbol)])
    }

    /// The book as it stands (nil when not watched); check `isSynced` before trusting it.
    public func orderBook(symbol: Symbol) -> OrderBook? {
        books[symbol]?.book
    }

    /// How many times a book had to be rebuilt from a new snapshot.
    public func orderBookResyncs(symbol: Symbol) -> Int {
        books[symbol]?.resyncs ?? 0
    }

    func applyDepth(_ update: DepthUpdate) {
        guard var state = books[update.symbol] else { return }
        let result = state.book.apply(update)
        if case .gap = result { state.resyncs += 1 }
        books[update.symbol] = state
        if result == .applied { publishTop(update.symbol, state) }
        if !state.book.isSynced, !state.fetching { fetchSnapshot(update.symbol) }
    }

    /// A reconnect loses diffs: the books on those streams start again from a snapshot.
    func resetBooks(on streams: [String]) {
        let names = Set(streams)
        for symbol in books.keys where names.contains(venue.streamName(for: .depth(symbol))) {
            if books[symbol]?.book.isSynced == true { books[symbol]?.resyncs += 1 }
            books[symbol]?.book.reset()
            books[symbol]?.fetching = false
        }
    }

    private func fetchSnapshot(_ symbol: Symbol) {
        guard let source = history as? DepthHistory else { return }
        books[symbol]?.fetching = true
        let limit = bookSnapshotLimit
        Task {
            var delay = 0.2
            while !Task.isCancelled {
                do {
                    let snapshot = try await source.depthSnapshot(symbol: symbol, limit: limit)
                    if self.installSnapshot(snapshot, for: symbol) { return }
                } catch {
                    self.noteBookError("Order book snapshot for \(symbol) failed: \(error)")
                }
                try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                delay = min(5, delay * 2)
                if !self.isWatchingBook(symbol) { return }
            }
        }
    }

    /// Returns true when the book is in sync (or no longer watched); false to fetch again
    /// (the snapshot was older than the buffered diffs).
    private func installSnapshot(_ snapshot: DepthSnapshot, for symbol: Symbol) -> Bool {
        guard var state = books[symbol] else { return true }
        let result = state.book.applySnapshot(snapshot)
        let synced = state.book.isSynced
        if case .gap = result { state.resyncs += 1 }
        state.fetching = !synced
        books[symbol] = state
        if synced { publishTop(symbol, state) }
        return synced
    }

    private func isWatchingBook(_ symbol: Symbol) -> Bool { books[symbol] != nil }

    private func publishTop(_ symbol: Symbol, _ state: BookState) {
        guard state.publishLevels > 0, let id = state.book.lastUpdateId else { return }
        let n = state.publishLevels
        feed.publish(.event(.partialDepth(symbol: symbol, DepthSnapshot(lastUpdateId: id, bids: state.book.bids(depth: n),
                                                                        asks: state.book.asks(depth: n)))))
    }
}
