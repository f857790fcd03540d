import Indicators
import MarketData
import MarketModel

/// The watched symbols' boards, in watchlist order, with what the exchange says about symbols
/// in general (which ones trade, at what price precision).
struct BoardList: Sendable {
    private(set) var boards: [SymbolBoard]
    /// Trading symbols on the exchange, sorted; empty until exchangeInfo arrives.
    private(set) var tradable: [String] = []
    private(set) var decimals: [Symbol: Int] = [:]

    init(symbols: [Symbol]) {
        boards = symbols.map { SymbolBoard(symbol: $0) }
    }

    var symbols: [Symbol] { boards.map(\.symbol) }
    var count: Int { boards.count }
    var isEmpty: Bool { boards.isEmpty }
    subscript(index: Int) -> SymbolBoard { boards[index] }
    func index(of symbol: Symbol) -> Int? { boards.firstIndex { $0.symbol == symbol } }

    /// A bar of the chart interval for a watched symbol (the store has folded it in already);
    /// returns true when the screen changes.
    mutating func apply(candle: Candle, chartInterval: Interval, nowMs: Int64) -> Bool {
        guard candle.interval == chartInterval, let i = index(of: candle.symbol) else { return false }
        boards[i].note(candle: candle, nowMs: nowMs)
        return true
    }

    /// 24 h tickers reach the watchlist; other events are not shown. True when something changed.
    mutating func apply(event: MarketEvent, nowMs: Int64) -> Bool {
        switch event {
        case .ticker(let t):
            return note(t, nowMs: nowMs)
        case .tickers(let list):
            var changed = false
            for t in list {
                if note(t, nowMs: nowMs) { changed = true }
            }
            return changed
        default:
            return false
        }
    }

    private mutating func note(_ ticker: Ticker24h, nowMs: Int64) -> Bool {
        guard let i = index(of: ticker.symbol) else { return false }
        boards[i].note(ticker: ticker, nowMs: nowMs)
        return true
    }

    mutating func setExchangeSymbols(_ names: [String], decimals: [Symbol: Int]) {
        tradable = names.sorted()
        self.decimals = decimals
        for i in boards.indices {
            if let p = decimals[boards[i].symbol] { boards[i].priceDecimals = p }
        }
    }

    /// Appends a board for `symbol`; returns its index.
    mutating func add(_ symbol: Symbol) -> Int {
        boards.append(SymbolBoard(symbol: symbol, priceDecimals: decimals[symbol] ?? 2))
        return boards.count - 1
    }

    mutating func remove(at index: Int) -> Symbol {
        boards.remove(at: index).symbol
    }

    /// The chart interval changed: no bar of the new one is forming yet.
    mutating func resetBars() {
        for i in boards.indices { boards[i].hasForming = false }
    }
}
