import MarketModel

/// What the stream manager tells its consumer, in order.
public enum StreamUpdate: Sendable {
    /// A closed bar (exactly once per open time, in order) or a forming-bar update.
    case candle(Candle, backfilled: Bool)
    /// Any other market event (trades, tickers, book).
    case event(MarketEvent)
    /// The feed's health changed (state, connection, error).
    case health(FeedHealth)
}
