import MarketModel

/// The updates of one step of the feed (one socket read, one backfilled page), in feed order.
///
/// It reads as a collection of `StreamUpdate`s, but candles are kept in an array of their own
/// and the hot consumers read them there, in place, through `candleIndex(at:)` and `candles`.
/// A candle is about 180 bytes, and Swift copies it every time a pattern binds it out of an
/// enum or wraps it into one: on the way from decoder to screen that was some twenty copies per
/// message, more than decoding it cost.
public struct FeedBatch: Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
    @usableFromInline
    enum Entry: Sendable {
        case candle(Int, backfilled: Bool)
        case other(Int)
    }

    @usableFromInline var entries: [Entry] = []
    @usableFromInline var storedCandles: [Candle] = []
    /// The batch's candles in feed order; `candleIndex(at:)` says which update is which.
    public var candles: [Candle] { storedCandles }
    @usableFromInline var others: [StreamUpdate] = []

    public init() {}

    public init(_ updates: some Sequence<StreamUpdate>) {
        for update in updates { append(update) }
    }

    public init(arrayLiteral updates: StreamUpdate...) {
        self.init(updates)
    }

    /// Room for `count` updates without growing (reused buffers keep theirs).
    public mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
        storedCandles.reserveCapacity(count)
    }

    // MARK: - Collection

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }

    /// Update `index` as a value (a candle is copied out: hot paths use `candleIndex(at:)`).
    public subscript(index: Int) -> StreamUpdate {
        switch entries[index] {
        case .candle(let c, let backfilled): return .candle(storedCandles[c], backfilled: backfilled)
        case .other(let o): return others[o]
        }
    }

    /// Where update `index`'s candle sits in `candles`, and whether it was backfilled; nil when
    /// the update is not a candle.
    @inlinable
    public func candleIndex(at index: Int) -> (index: Int, backfilled: Bool)? {
        if case .candle(let c, let backfilled) = entries[index] { return (c, backfilled) }
        return nil
    }

    // MARK: - Building

    @inlinable
    public mutating func append(candle: Candle, backfilled: Bool = false) {
        entries.append(.candle(storedCandles.count, backfilled: backfilled))
        storedCandles.append(candle)
    }

    public mutating func append(_ update: StreamUpdate) {
        if case .candle(let candle, let backfilled) = update {
            append(candle: candle, backfilled: backfilled)
        } else {
            entries.append(.other(others.count))
            others.append(update)
        }
    }

    /// A live market event; a candle goes with the others of the batch.
    public mutating func append(event: MarketEvent) {
        if case .candle(let candle) = event {
            append(candle: candle)
        } else {
            append(.event(event))
        }
    }

    /// Update `index` of `batch`, its candle copied array to array.
    @inlinable
    public mutating func append(from batch: FeedBatch, at index: Int) {
        switch batch.entries[index] {
        case .candle(let c, let backfilled):
            entries.append(.candle(storedCandles.count, backfilled: backfilled))
            storedCandles.append(batch.storedCandles[c])
        case .other(let o):
            entries.append(.other(others.count))
            others.append(batch.others[o])
        }
    }

    /// Keeps the first `count` updates.
    public mutating func removeLast(from count: Int) {
        guard count < entries.count else { return }
        var candleCount = storedCandles.count, otherCount = others.count
        for entry in entries[count...] {
            switch entry {
            case .candle(let c, _): candleCount = Swift.min(candleCount, c)
            case .other(let o): otherCount = Swift.min(otherCount, o)
            }
        }
        entries.removeSubrange(count...)
        storedCandles.removeSubrange(candleCount...)
        others.removeSubrange(otherCount...)
    }

    public mutating func removeAll(keepingCapacity: Bool = false) {
        entries.removeAll(keepingCapacity: keepingCapacity)
        storedCandles.removeAll(keepingCapacity: keepingCapacity)
        others.removeAll(keepingCapacity: keepingCapacity)
    }
}
