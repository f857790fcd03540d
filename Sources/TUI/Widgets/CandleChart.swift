import MarketModel

/// The candle chart: half-block candles (body thick, wick thin, two price levels per row),
/// braille overlays behind them, volume bars, a price axis with the last price highlighted, and
/// a time axis that also marks backfilled bars and gaps.
public struct CandleChart {
    public var chart: ChartView
    public var theme: Theme

    public init(chart: ChartView, theme: Theme) {
        self.chart = chart
        self.theme = theme
    }

    /// Where the parts of the chart went, for subpanes that must line up and for tests.
    public struct Frame: Equatable, Sendable {
        public var plot: Rect
        public var volume: Rect
        public var timeAxisRow: Int
        public var axisX: Int
        public var axisWidth: Int
        public var geometry: ChartGeometry
        public var lastPriceRow: Int?
    }

    /// Axis width for the labels of this chart: the widest price plus a margin either side.
    public static func axisWidth(for chart: ChartView) -> Int {
        var widest = 6
        if let hi = chart.candles.map(\.high).max() {
            widest = max(widest, displayWidth(Formatting.price(hi, decimals: chart.priceDecimals, grouped: false)))
        }
        return widest + 2
    }

    @discardableResult
    public func render(into buffer: inout Buffer, in rect: Rect) -> Frame? {
        let title = sanitize(chart.symbol) + " · " + chart.interval.rawValue
        let visibleLast = chart.candles.last
        let inner = Panel.draw(&buffer, rect, title: title, theme: theme, rightTitle: nil)
        guard inner.width >= 24, inner.height >= 6 else {
            Panel.placeholder(&buffer, inner, "chart needs more room", theme: theme)
            return nil
        }
        guard !chart.candles.isEmpty else {
            Panel.placeholder(&buffer, inner, "waiting for candles…", theme: theme)
            return nil
        }

        let axisWidth = CandleChart.axisWidth(for: chart)
        let (area, axis) = inner.splitRight(axisWidth)
        let (plotAndVolume, timeRow) = area.splitBottom(1)
        let volumeRows = inner.height >= 16 ? max(2, inner.height / 7) : (inner.height >= 10 ? 2 : 0)
        let (plot, volume) = plotAndVolume.splitBottom(volumeRows)
        let geometry = ChartGeometry(candleCount: chart.candles.count, zoom: chart.zoom,
                                     scrollOffset: chart.scrollOffset, plotX: plot.x, plotWidth: plot.width - 1)

        // Visible prices as Doubles once, not per glyph.
        let visible = Array(chart.candles[geometry.indices])
        var lo = Double.infinity, hi = -Double.infinity
        for c in visible {
            lo = min(lo, c.low.doubleValue)
            hi = max(hi, c.high.doubleValue)
        }
        // A price alert a little outside the bars widens the scale so its line shows; one far
        // away (more than the bars' own range beyond them) would flatten the candles, so it does not.
        let reach = hi - lo
        for alert in chart.alertPrices where alert >= lo - reach && alert <= hi + reach {
            lo = min(lo, alert)
            hi = max(hi, alert)
        }
        let scale = PriceScale(low: lo, high: hi, rows: plot.height)

        drawGrid(&buffer, plot: plot, axis: axis, scale: scale)
        drawOverlays(&buffer, plot: plot, scale: scale, geometry: geometry)
        drawCandles(&buffer, plot: plot, scale: scale, geometry: geometry)
        drawVolume(&buffer, volume: volume, geometry: geometry)
        drawTimeAxis(&buffer, row: timeRow, geometry: geometry)
        let lastRow = drawLastPrice(&buffer, plot: plot, axis: axis, scale: scale)
        drawAlerts(&buffer, plot: plot, axis: axis, scale: scale, lastPriceRow: lastRow)
        let marker = drawMarkers(&buffer, plot: plot, scale: scale, geometry: geometry)
        drawBorderInfo(&buffer, rect: rect, geometry: geometry, newest: visible.last ?? visibleLast!, marker: marker)

        return Frame(plot: plot, volume: volume, timeAxisRow: timeRow.y, axisX: axis.x, axisWidth: axisWidth,
                     geometry: geometry, lastPriceRow: lastRow)
    }

    // MARK: - Parts

    private func drawGrid(_ buffer: inout Buffer, plot: Rect, axis: Rect, scale: PriceScale) {
        let gridStyle = theme.style(.grid)
        let labelStyle = theme.style(.dimText)
        var lastLabelRow = -10
        for tick in scale.axisTicks().reversed() {
            let row = plot.y + scale.row(tick)
            guard row - lastLabelRow >= 2 else { continue }
            lastLabelRow = row
            buffer.hline(x: plot.x, y: row, length: plot.width, "┈", style: gridStyle)
            buffer.write(Formatting.price(tick, decimals: chart.priceDecimals), x: axis.x + 1, y: row,
                         style: labelStyle, clip: axis)
        }
    }

    private func drawOverlays(_ buffer: inout Buffer, plot: Rect, scale: PriceScale, geometry: ChartGeometry) {
        guard !chart.overlays.isEmpty || chart.bands != nil else { return }
        var canvas = BrailleCanvas(rect: plot)
        func trace(_ values: [Double], _ color: Color) {
            var previous: (Int, Int)? = nil
            for i in geometry.indices {
                guard i < values.count, values[i].isFinite else { previous = nil; continue }
                let p = ((geometry.x(of: i) - plot.x) * 2, scale.dotRow(values[i]))
                if let prev = previous { canvas.line(from: prev, to: p, color: color) } else { canvas.set(dx: p.0, dy: p.1, color: color) }
                previous = p
            }
        }
        if let bands = chart.bands {
            let c = theme.color(.band)
            trace(bands.upper, c)
            trace(bands.lower, c)
            trace(bands.middle, theme.muted(.band, 0.35))
        }
        for line in chart.overlays {
            trace(line.values, theme.overlayColor(line.styleKey))
        }
        canvas.draw(into: &buffer, background: theme.color(.background)) { cell in
            cell.scalar == " " || cell.scalar == "┈"
        }
    }

    private func drawCandles(_ buffer: inout Buffer, plot: Rect, scale: PriceScale, geometry: ChartGeometry) {
        let bg = theme.color(.background)
        let bullStyle = Style(fg: theme.color(.bull), bg: bg, attrs: theme.attrs(.bull))
        let bearStyle = Style(fg: theme.color(.bear), bg: bg, attrs: theme.attrs(.bear))
        for i in geometry.indices {
            let c = chart.candles[i]
            let open = c.open.doubleValue, close = c.close.doubleValue
            let wickTop = scale.halfRow(c.high.doubleValue), wickBottom = scale.halfRow(c.low.doubleValue)
            let bodyTop = scale.halfRow(max(open, close)), bodyBottom = scale.halfRow(min(open, close))
            var style = close >= open ? bullStyle : bearStyle
            if chart.backfilledOpenTimes.contains(c.openTime) { style = style.adding(.dim) }
            let x = geometry.x(of: i)
            for row in (wickTop / 2)...(wickBottom / 2) {
                let upper = part(2 * row, wickTop, wickBottom, bodyTop, bodyBottom)
                let lower = part(2 * row + 1, wickTop, wickBottom, bodyTop, bodyBottom)
                guard let glyph = CandleChart.glyph(upper: upper, lower: lower) else { continue }
                buffer.set(x: x, y: plot.y + row, glyph, style, clip: plot)
            }
        }
    }

    enum Part { case none, wick, body }

    private func part(_ half: Int, _ wickTop: Int, _ wickBottom: Int, _ bodyTop: Int, _ bodyBottom: Int) -> Part {
        if half >= bodyTop && half <= bodyBottom { return .body }
        if half >= wickTop && half <= wickBottom { return .wick }
        return .none
    }

    /// The eight half-cell glyphs: thick is body, thin is wick, upper and lower half of a row.
    static func glyph(upper: Part, lower: Part) -> Unicode.Scalar? {
        switch (upper, lower) {
        case (.body, .body): return "┃"
        case (.none, .body): return "╻"
        case (.body, .none): return "╹"
        case (.wick, .wick): return "│"
        case (.wick, .body): return "╽"
        case (.body, .wick): return "╿"
        case (.none, .wick): return "╷"
        case (.wick, .none): return "╵"
        case (.none, .none): return nil
        }
    }

    private func drawVolume(_ buffer: inout Buffer, volume: Rect, geometry: ChartGeometry) {
        guard volume.height > 0 else { return }
        var maxVolume = 0.0
        for i in geometry.indices { maxVolume = max(maxVolume, chart.candles[i].volume.doubleValue) }
        guard maxVolume > 0 else { return }
        let bg = theme.color(.background)
        let up = Style(fg: theme.muted(.bull), bg: bg, attrs: theme.attrs(.volume))
        let down = Style(fg: theme.muted(.bear), bg: bg, attrs: theme.attrs(.volume))
        let blocks: [Unicode.Scalar] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let total = volume.height * 8
        for i in geometry.indices {
            let c = chart.candles[i]
            let v = c.volume.doubleValue
            var eighths = Int((v / maxVolume * Double(total)).rounded())
            if v > 0 && eighths == 0 { eighths = 1 }
            let style = c.close >= c.open ? up : down
            let x = geometry.x(of: i)
            var y = volume.maxY - 1
            while eighths > 0 && y >= volume.y {
                buffer.set(x: x, y: y, blocks[min(8, eighths) - 1], style)
                eighths -= 8
                y -= 1
            }
        }
    }

    private func drawTimeAxis(_ buffer: inout Buffer, row: Rect, geometry: ChartGeometry) {
        let labelStyle = theme.style(.dimText)
        let interval = chart.interval
        let sample = TimeAxis.label(for: chart.candles[geometry.start].openTime, interval: interval)
        let labels = TimeAxis.labelIndices(candles: chart.candles, range: geometry.indices, interval: interval,
                                           step: geometry.step, labelWidth: displayWidth(sample))
        var nextFree = row.x
        for i in labels {
            let text = TimeAxis.label(for: chart.candles[i].openTime, interval: interval)
            let w = displayWidth(text)
            let x = geometry.x(of: i) - w / 2
            guard x >= nextFree, x + w <= row.maxX else { continue }
            buffer.write(text, x: x, y: row.y, style: labelStyle, clip: row)
            nextFree = x + w + 1
        }
        // Marks under the bars: backfilled (a dim dot where no label is) and gaps (always).
        let gapStyle = theme.style(.warning)
        let markStyle = theme.style(.dimText).adding(.dim)
        var previousOpen: Int64? = nil
        for i in geometry.indices {
            let c = chart.candles[i]
            let x = geometry.x(of: i)
            let jumped = previousOpen.map { interval.nextOpenTime(after: $0) < c.openTime } ?? false
            if chart.gapOpenTimes.contains(c.openTime) || jumped {
                buffer.set(x: x, y: row.y, "×", gapStyle, clip: row)
            } else if chart.backfilledOpenTimes.contains(c.openTime), buffer[x, row.y].scalar == " " {
                buffer.set(x: x, y: row.y, "·", markStyle, clip: row)
            }
            previousOpen = c.openTime
        }
    }

    /// A dotted line at the newest close and its price, highlighted, on the axis.
    private func drawLastPrice(_ buffer: inout Buffer, plot: Rect, axis: Rect, scale: PriceScale) -> Int? {
        guard let last = chart.candles.last else { return nil }
        let close = last.close.doubleValue
        let row = plot.y + scale.row(close)
        let role: ThemeRole = last.close >= last.open ? .bull : .bear
        let lineStyle = Style(fg: theme.muted(role, 0.3), bg: theme.color(.background))
        for x in plot.x..<plot.maxX {
            let s = buffer[x, row].scalar
            if s == " " || s == "┈" { buffer.set(x: x, y: row, "┈", lineStyle) }
        }
        // The label replaces any tick label on its row and the rows next to it.
        for r in [row - 1, row, row + 1] where r >= axis.y && r < axis.maxY && r != row {
            if buffer[axis.x + 1, r].scalar != " " {
                buffer.fill(Rect(x: axis.x, y: r, width: axis.width, height: 1), style: theme.base)
            }
        }
        buffer.fill(Rect(x: axis.x, y: row, width: axis.width, height: 1), style: theme.badge(role))
        buffer.write(Formatting.price(last.close, decimals: chart.priceDecimals, grouped: false), x: axis.x + 1, y: row,
                     style: theme.badge(role), clip: axis)
        return row
    }

    /// Newest bar's OHLCV in the top border, overlay legend and view position in the bottom one.
    private func drawBorderInfo(_ buffer: inout Buffer, rect: Rect, geometry: ChartGeometry, newest: Candle, marker: ChartMarker?) {
        let d = chart.priceDecimals
        let dim = theme.style(.dimText)
        let value = theme.style(.text)
        let titleWidth = displayWidth(sanitize(chart.symbol) + " · " + chart.interval.rawValue) + 4
        let candidates: [[(String, String)]] = [
            [("O ", Formatting.price(newest.open, decimals: d, grouped: false)), ("H ", Formatting.price(newest.high, decimals: d, grouped: false)),
             ("L ", Formatting.price(newest.low, decimals: d, grouped: false)), ("C ", Formatting.price(newest.close, decimals: d, grouped: false)),
             ("V ", Formatting.abbreviated(newest.volume.doubleValue))],
            [("O ", Formatting.price(newest.open, decimals: d, grouped: false)), ("H ", Formatting.price(newest.high, decimals: d, grouped: false)),
             ("L ", Formatting.price(newest.low, decimals: d, grouped: false)), ("C ", Formatting.price(newest.close, decimals: d, grouped: false))],
            [("C ", Formatting.price(newest.close, decimals: d, grouped: false))],
        ]
        let room = rect.width - titleWidth - 6
        // The most detail that fits in the top border.
        if let parts = candidates.first(where: { p in p.map { displayWidth($0.0 + $0.1) + 1 }.reduce(0, +) <= room }) {
            let info = parts.map { $0.0 + $0.1 }.joined(separator: " ")
            var x = rect.maxX - 3 - displayWidth(info)
            let change: ThemeRole = newest.close >= newest.open ? .bull : .bear
            buffer.write(" ", x: x - 1, y: rect.y, style: dim)
            for (label, v) in parts {
                x = buffer.write(label, x: x, y: rect.y, style: dim)
                x = buffer.write(v, x: x, y: rect.y, style: label == "C " ? theme.style(change) : value)
                x = buffer.write(" ", x: x, y: rect.y, style: dim)
            }
        }

        var legend: [(String, Style)] = []
        if let bands = chart.bands {
            legend.append((" ━ ", Style(fg: theme.color(.band), bg: theme.color(.background))))
            legend.append((sanitize(bands.name), dim))
        }
        for line in chart.overlays {
            legend.append((" ━ ", Style(fg: theme.overlayColor(line.styleKey), bg: theme.color(.background))))
            legend.append((sanitize(line.name), dim))
        }
        // The selected signal's reason says more than the legend, whose colours the
        // indicator table repeats.
        if let marker {
            Panel.footer(&buffer, rect, segments: markerFooter(marker, width: rect.width))
        } else if !legend.isEmpty {
            legend.append((" ", dim))
            Panel.footer(&buffer, rect, segments: legend)
        }
        var position = "\(geometry.count) bars"
        if chart.scrollOffset > 0 { position += " · ◀ \(min(chart.scrollOffset, chart.candles.count - 1)) back" }
        let text = " " + position + " "
        if rect.width > displayWidth(text) + 40 {
            buffer.writeRight(text, rightX: rect.maxX - 2, y: rect.maxY - 1, style: dim)
        }
    }
}
