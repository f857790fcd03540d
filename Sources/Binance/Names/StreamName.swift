import MarketModel

/// A Binance market-data stream, printed as Binance spells it (`btcusdt@kline_1m`,
/// `btcusdt@depth20@100ms`) and parsed back from that spelling.
public enum StreamName: Hashable, Sendable, CustomStringConvertible {
    /// Levels of a partial-depth stream; Binance offers exactly these three.
    public enum DepthLevels: Int, Sendable, Hashable, CaseIterable {
        case five = 5, ten = 10, twenty = 20
    }

    case kline(Symbol, Interval)
    case aggTrade(Symbol)
    case trade(Symbol)
    case bookTicker(Symbol)
    case miniTicker(Symbol)
    case ticker(Symbol)
    /// `fast` selects the 100 ms stream instead of the 1000 ms one.
    case partialDepth(Symbol, levels: DepthLevels, fast: Bool)
    case diffDepth(Symbol, fast: Bool)
    /// `!miniTicker@arr`: every symbol whose mini ticker changed.
    case allMiniTickers

    public var description: String {
        switch self {
        case .kline(let s, let i): return "\(s.streamName)@kline_\(i.rawValue)"
        case .aggTrade(let s): return "\(s.streamName)@aggTrade"
        case .trade(let s): return "\(s.streamName)@trade"
        case .bookTicker(let s): return "\(s.streamName)@bookTicker"
        case .miniTicker(let s): return "\(s.streamName)@miniTicker"
        case .ticker(let s): return "\(s.streamName)@ticker"
        case .partialDepth(let s, let levels, let fast):
            return "\(s.streamName)@depth\(levels.rawValue)" + (fast ? "@100ms" : "")
        case .diffDepth(let s, let fast): return "\(s.streamName)@depth" + (fast ? "@100ms" : "")
        case .allMiniTickers: return "!miniTicker@arr"
        }
    }

    public var symbol: Symbol? {
        switch self {
        case .kline(let s, _), .aggTrade(let s), .trade(let s), .bookTicker(let s), .miniTicker(let s),
             .ticker(let s), .partialDepth(let s, _, _), .diffDepth(let s, _):
            return s
        case .allMiniTickers:
            return nil
        }
    }

    /// Parses Binance's spelling. The symbol part must be lower case, as Binance requires;
    /// stream kinds this client does not model (`@avgPrice`, kline time-zone suffixes) give nil.
    public init?(_ string: some StringProtocol) {
        let text = String(string)
        if text == "!miniTicker@arr" {
            self = .allMiniTickers
            return
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts[0] == parts[0].lowercased(), let symbol = Symbol(parts[0]) else { return nil }
        let kind = parts[1]
        let fast: Bool
        if parts.count == 3 {
            guard parts[2] == "100ms", kind.hasPrefix("depth") else { return nil }
            fast = true
        } else {
            fast = false
        }
        switch kind {
        case "aggTrade": self = .aggTrade(symbol)
        case "trade": self = .trade(symbol)
        case "bookTicker": self = .bookTicker(symbol)
        case "miniTicker": self = .miniTicker(symbol)
        case "ticker": self = .ticker(symbol)
        case "depth": self = .diffDepth(symbol, fast: fast)
        case "depth5": self = .partialDepth(symbol, levels: .five, fast: fast)
        case "depth10": self = .partialDepth(symbol, levels: .ten, fast: fast)
        case "depth20": self = .partialDepth(symbol, levels: .twenty, fast: fast)
        default:
            guard kind.hasPrefix("kline_"), let interval = Interval(rawValue: String(kind.dropFirst(6))) else {
                return nil
            }
            self = .kline(symbol, interval)
        }
    }
}
