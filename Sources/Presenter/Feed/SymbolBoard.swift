import MarketModel
import TUI

/// What the watchlist shows of one symbol: the last price and its flash, the 24 h ticker and
/// the price precision. The bars and indicators are not here: they are the series' own, in
/// the `SeriesStore`, and the view reads them from there.
struct SymbolBoard: Sendable {
    let symbol: Symbol
    var priceDecimals: Int
    var last: ExactDecimal?
    var flash: Flash = .none
    var flashUntilMs: Int64 = 0
    var changePercent: Double?
    var quoteVolume: Double?
    /// Whether a bar of the chart interval is forming (the ticker's price then yields to it).
    var hasForming = false

    init(symbol: Symbol, priceDecimals: Int = 2) {
        self.symbol = symbol
        self.priceDecimals = priceDecimals
    }

    mutating func note(candle: Candle, nowMs: Int64) {
        hasForming = !candle.isClosed
        note(price: candle.close, nowMs: nowMs)
    }

    mutating func note(price: ExactDecimal, nowMs: Int64) {
        if let previous = last, previous != price {
            flash = price > previous ? .up : .down
            flashUntilMs = nowMs + 700
        }
        last = price
    }

    mutating func note(ticker: Ticker24h, nowMs: Int64) {
        changePercent = ticker.changePercent
        quoteVolume = ticker.quoteVolume.doubleValue
        if !hasForming { note(price: ticker.last, nowMs: nowMs) }
    }
}
