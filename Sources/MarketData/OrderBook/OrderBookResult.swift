/// What happened to one snapshot or diff handed to an `OrderBook`.
public enum OrderBookResult: Sendable, Hashable {
    /// The book changed.
    case applied
    /// Kept until a snapshot arrives.
    case buffered
    /// Already contained in the book (`u <= lastUpdateId`), dropped.
    case ignoredStale
    /// Updates were missed between `expected` and `received`: the book is unusable until the
    /// caller fetches a fresh snapshot.
    case gap(expected: Int64, received: Int64)
}
