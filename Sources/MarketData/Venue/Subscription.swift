import MarketModel

/// What the client wants from a venue, in venue-neutral terms; the venue names it on the wire.
public enum Subscription: Sendable, Hashable, CustomStringConvertible {
    case candles(Symbol, Interval)
    case trades(Symbol)
    /// The rolling 24 h ticker.
    case ticker(Symbol)
    /// The best bid and ask, on every change.
    case bookTop(Symbol)
    /// Diff-depth updates that keep a local order book.
    case depth(Symbol)

    public var symbol: Symbol {
        switch self {
        case .candles(let s, _), .trades(let s), .ticker(let s), .bookTop(let s), .depth(let s): return s
        }
    }

    public var description: String {
        switch self {
        case .candles(let s, let i): return "\(s.name) \(i.rawValue) candles"
        case .trades(let s): return "\(s.name) trades"
        case .ticker(let s): return "\(s.name) ticker"
        case .bookTop(let s): return "\(s.name) best bid and ask"
        case .depth(let s): return "\(s.name) order book"
        }
    }
}
