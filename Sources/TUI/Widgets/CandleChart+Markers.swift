extension CandleChart {
    /// ▲ under a bar where a bullish signal fired, ▼ over one where a bearish one did, in the bull
    /// and bear colours. Returns the selected marker (the newest in view): its rule and reason
    /// take the chart's bottom border (`markerFooter`).
    func drawMarkers(_ buffer: inout Buffer, plot: Rect, scale: PriceScale, geometry: ChartGeometry) -> ChartMarker? {
        guard !chart.markers.isEmpty, geometry.count > 0 else { return nil }
        let first = chart.candles[geometry.start].openTime, last = chart.candles[geometry.end - 1].openTime
        let bg = theme.color(.background)
        var selected: ChartMarker?
        for marker in chart.markers where marker.openTime >= first && marker.openTime <= last {
            guard let index = index(of: marker.openTime, in: geometry.indices) else { continue }
            let candle = chart.candles[index]
            let up = marker.direction == .up
            let row = up ? plot.y + scale.row(candle.low.doubleValue) + 1 : plot.y + scale.row(candle.high.doubleValue) - 1
            let y = min(plot.maxY - 1, max(plot.y, row))
            let role: ThemeRole = up ? .bull : .bear
            buffer.set(x: geometry.x(of: index), y: y, up ? "▲" : "▼", Style(fg: theme.color(role), bg: bg, attrs: .bold), clip: plot)
            selected = marker
        }
        return selected
    }

    /// The bottom border's segments for the selected marker, leaving the right end to the bar count.
    func markerFooter(_ marker: ChartMarker, width: Int) -> [(String, Style)] {
        let up = marker.direction == .up
        return [(up ? " ▲ " : " ▼ ", Style(fg: theme.color(up ? .bull : .bear), bg: theme.color(.background), attrs: .bold)),
                (truncate(sanitize(marker.text), toWidth: max(8, width - 26)) + " ", theme.style(.text))]
    }

    /// The candle with this open time among the visible ones (they are in time order).
    private func index(of openTime: Int64, in range: Range<Int>) -> Int? {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if chart.candles[mid].openTime < openTime { lo = mid + 1 } else { hi = mid }
        }
        return lo < range.upperBound && chart.candles[lo].openTime == openTime ? lo : nil
    }
}
