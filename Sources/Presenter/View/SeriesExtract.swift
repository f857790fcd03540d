import Indicators
import MarketModel
import MarketState
import Signals

/// What one frame needs of the store: the selected series' bars and the displayed indicators'
/// values, and the watchlist's sparklines. Copied out under the store's lock in one short read,
/// so the presenter never holds its own lock and the store's at once.
struct SeriesExtract: Sendable {
    var candles: [Candle] = []
    var backfilled: Set<Int64> = []
    var gaps: Set<Int64> = []
    /// Each displayed column's values aligned with `candles` (the forming bar previewed).
    var series: [String: [Double]] = [:]
    /// Each displayed column's value now.
    var current: [String: Double] = [:]
    /// Up to 60 recent closes per watched symbol on the chart interval.
    var sparklines: [Symbol: [Double]] = [:]
    /// The price alerts waiting to fire, every symbol's.
    var priceAlerts: [PriceAlert] = []
    /// The selected symbol's book and trades, when its ladder or tape is open.
    var flow: SymbolFlow?

    static let sparklineLength = 60

    init() {}

    init(store: SeriesStore, symbols: [Symbol], selected: Symbol?, interval: Interval, specs: [IndicatorSpec]) {
        priceAlerts = store.priceAlerts
        flow = selected.flatMap { store.flow($0) }
        store.read { view in
            for symbol in symbols {
                guard let state = view.state(symbol: symbol, interval: interval) else { continue }
                let bars = state.bars.closedBars.suffix(Self.sparklineLength - (state.forming == nil ? 0 : 1))
                var closes = bars.map(\.candle.close.doubleValue)
                if let f = state.forming { closes.append(f.close.doubleValue) }
                sparklines[symbol] = closes
            }
            guard let selected, let state = view.state(symbol: selected, interval: interval) else { return }
            let closed = state.bars.closedBars
            candles = closed.map(\.candle)
            if let f = state.forming { candles.append(f) }
            backfilled = Set(closed.filter(\.backfilled).map(\.candle.openTime))
            gaps = Set(state.bars.holes)
            for spec in specs {
                for column in spec.columnNames {
                    series[column] = state.values(column: column)
                    current[column] = state.currentValue(column: column)
                }
            }
        }
    }

    func values(column: String) -> [Double] { series[column] ?? [] }
    func currentValue(column: String) -> Double { current[column] ?? .nan }
}
