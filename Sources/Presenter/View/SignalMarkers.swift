import MarketModel
import TUI

/// Places the stored signals (the pane's history, filled from the database at start) on the
/// chart: each at the bar whose time span holds its time, on the series it fired on.
enum SignalMarkers {
    static func markers(_ signals: [SignalRow], symbol: String, interval: Interval, candles: [Candle]) -> [ChartMarker] {
        guard let first = candles.first?.openTime, let last = candles.last?.closeTime else { return [] }
        var out: [ChartMarker] = []
        for s in signals where s.symbol == symbol && (s.interval ?? interval) == interval && s.timeMs >= first && s.timeMs <= last {
            guard let bar = bar(containing: s.timeMs, in: candles) else { continue }
            out.append(ChartMarker(openTime: bar.openTime, direction: s.direction, text: "\(s.rule): \(s.reason)"))
        }
        return out.sorted { $0.openTime < $1.openTime }
    }

    /// The bar whose [open, close] holds `time` (a closed-bar signal carries its bar's close time).
    private static func bar(containing time: Int64, in candles: [Candle]) -> Candle? {
        var lo = 0, hi = candles.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if candles[mid].closeTime < time { lo = mid + 1 } else { hi = mid }
        }
        return lo < candles.count && candles[lo].openTime <= time ? candles[lo] : nil
    }
}
