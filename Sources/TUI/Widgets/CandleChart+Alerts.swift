extension CandleChart {
    /// Each price alert in view: a dashed line in the warning colour through the free cells (the
    /// candles stay on top) and its price on the axis. Drawn after the last price so an alert set
    /// next to the price keeps its label: on the last price's own row it moves one row away.
    func drawAlerts(_ buffer: inout Buffer, plot: Rect, axis: Rect, scale: PriceScale, lastPriceRow: Int?) {
        guard !chart.alertPrices.isEmpty else { return }
        let bg = theme.color(.background)
        let lineStyle = Style(fg: theme.muted(.warning, 0.35), bg: bg)
        let labelStyle = theme.style(.warning).adding(.bold)
        for price in chart.alertPrices where price >= scale.low && price <= scale.high {
            let row = plot.y + scale.row(price)
            for x in plot.x..<plot.maxX where row != lastPriceRow {
                let s = buffer[x, row].scalar
                if s == " " || s == "┈" { buffer.set(x: x, y: row, "╌", lineStyle) }
            }
            var labelRow = row
            if row == lastPriceRow, let last = chart.candles.last?.close.doubleValue {
                labelRow = price >= last ? row - 1 : row + 1
            }
            guard labelRow >= axis.y, labelRow < axis.maxY else { continue }
            buffer.fill(Rect(x: axis.x, y: labelRow, width: axis.width, height: 1), style: theme.base)
            buffer.write(Formatting.price(price, decimals: chart.priceDecimals, grouped: false), x: axis.x + 1, y: labelRow,
                         style: labelStyle, clip: axis)
        }
    }
}
