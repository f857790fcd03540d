/// An indicator pane under the chart (RSI with its 30/70 lines, MACD with histogram, line and
/// signal), bar-aligned with the chart through the chart's geometry.
public struct Subpane {
    public var pane: SubpaneView
    public var theme: Theme
    public var decimals: Int

    public init(pane: SubpaneView, theme: Theme, decimals: Int = 2) {
        self.pane = pane
        self.theme = theme
        self.decimals = decimals
    }

    /// - Parameters:
    ///   - geometry: the chart's geometry, so bar i sits in the same column as its candle.
    ///   - axisWidth: the chart's axis width, for the same reason.
    public func render(into buffer: inout Buffer, in rect: Rect, geometry: ChartGeometry, axisWidth: Int) {
        switch pane {
        case let .rsi(name, values, lower, upper):
            renderRSI(&buffer, rect, name: name, values: values, lower: lower, upper: upper, geometry: geometry, axisWidth: axisWidth)
        case let .macd(name, line, signal, histogram):
            renderMACD(&buffer, rect, name: name, line: line, signal: signal, histogram: histogram,
                       geometry: geometry, axisWidth: axisWidth)
        }
    }

    private func lastValue(_ values: [Double], _ g: ChartGeometry) -> Double? {
        var i = min(values.count, g.end) - 1
        while i >= 0 {
            if values[i].isFinite { return values[i] }
            i -= 1
        }
        return nil
    }

    private func renderRSI(_ buffer: inout Buffer, _ rect: Rect, name: String, values: [Double], lower: Double, upper: Double,
                           geometry: ChartGeometry, axisWidth: Int) {
        let current = lastValue(values, geometry)
        let title = sanitize(name) + (current.map { "  " + Formatting.fixed($0, decimals: 1) } ?? "")
        let inner = Panel.draw(&buffer, rect, title: title, theme: theme)
        guard inner.height >= 3, inner.width > axisWidth + 4 else { return }
        let (area, axis) = inner.splitRight(axisWidth)
        let plot = Rect(x: area.x, y: area.y, width: area.width - 1, height: area.height)
        let scale = PriceScale(low: 0, high: 100, rows: plot.height)
        let guide = theme.style(.grid)
        let labels = theme.style(.dimText)
        for level in [upper, lower] {
            let row = plot.y + scale.row(level)
            buffer.hline(x: plot.x, y: row, length: plot.width, "┈", style: guide.with(fg: theme.color(.band)))
            buffer.write(Formatting.fixed(level, decimals: 0), x: axis.x + 1, y: row, style: labels, clip: axis)
        }
        var canvas = BrailleCanvas(rect: plot)
        trace(&canvas, values, geometry: geometry, plot: plot, scale: scale, color: theme.color(.overlay2))
        canvas.draw(into: &buffer, background: theme.color(.background)) { $0.scalar == " " || $0.scalar == "┈" }
        if let v = current {
            let role: ThemeRole = v >= upper ? .bear : (v <= lower ? .bull : .overlay2)
            let row = plot.y + scale.row(v)
            buffer.fill(Rect(x: axis.x, y: row, width: axis.width, height: 1), style: theme.badge(role))
            buffer.write(Formatting.fixed(v, decimals: 1), x: axis.x + 1, y: row, style: theme.badge(role), clip: axis)
        }
    }

    private func renderMACD(_ buffer: inout Buffer, _ rect: Rect, name: String, line: [Double], signal: [Double], histogram: [Double],
                            geometry: ChartGeometry, axisWidth: Int) {
        var title = sanitize(name)
        if let l = lastValue(line, geometry), let s = lastValue(signal, geometry) {
            title += "  " + Formatting.fixed(l, decimals: decimals) + " / " + Formatting.fixed(s, decimals: decimals)
        }
        let inner = Panel.draw(&buffer, rect, title: title, theme: theme)
        guard inner.height >= 3, inner.width > axisWidth + 4 else { return }
        let (area, axis) = inner.splitRight(axisWidth)
        let plot = Rect(x: area.x, y: area.y, width: area.width - 1, height: area.height)
        var maxAbs = 0.0
        for series in [line, signal, histogram] {
            for i in geometry.indices where i < series.count && series[i].isFinite { maxAbs = max(maxAbs, abs(series[i])) }
        }
        guard maxAbs > 0 else {
            Panel.placeholder(&buffer, plot, "warming up…", theme: theme)
            return
        }
        let scale = PriceScale(low: -maxAbs, high: maxAbs, rows: plot.height)
        let zeroHalf = scale.halfRow(0)
        buffer.hline(x: plot.x, y: plot.y + zeroHalf / 2, length: plot.width, "┈", style: theme.style(.grid))
        buffer.write("0", x: axis.x + 1, y: plot.y + zeroHalf / 2, style: theme.style(.dimText), clip: axis)

        let bg = theme.color(.background)
        var previous: Double? = nil
        for i in geometry.indices where i < histogram.count {
            let h = histogram[i]
            guard h.isFinite else { previous = nil; continue }
            let role: ThemeRole = h >= 0 ? .bull : .bear
            // Shrinking bars fade: momentum turning is what a reader looks for.
            let shrinking = previous.map { abs(h) < abs($0) } ?? false
            let style = Style(fg: shrinking ? theme.muted(role, 0.5) : theme.color(role), bg: bg, attrs: theme.attrs(role))
            previous = h
            let tip = scale.halfRow(h)
            // A bar that rounds to nothing would read as a thick zero line.
            guard tip != zeroHalf else { continue }
            let a = min(zeroHalf, tip), b = max(zeroHalf, tip)
            let x = geometry.x(of: i)
            for row in (a / 2)...(b / 2) {
                let top = 2 * row >= a && 2 * row <= b
                let bottom = 2 * row + 1 >= a && 2 * row + 1 <= b
                let glyph: Unicode.Scalar = top && bottom ? "█" : (top ? "▀" : "▄")
                buffer.set(x: x, y: plot.y + row, glyph, style, clip: plot)
            }
        }
        var canvas = BrailleCanvas(rect: plot)
        trace(&canvas, line, geometry: geometry, plot: plot, scale: scale, color: theme.color(.overlay2))
        trace(&canvas, signal, geometry: geometry, plot: plot, scale: scale, color: theme.color(.overlay1))
        canvas.draw(into: &buffer, background: bg) { $0.scalar == " " || $0.scalar == "┈" }
    }

    private func trace(_ canvas: inout BrailleCanvas, _ values: [Double], geometry: ChartGeometry, plot: Rect,
                       scale: PriceScale, color: Color) {
        var previous: (Int, Int)? = nil
        for i in geometry.indices {
            guard i < values.count, values[i].isFinite else { previous = nil; continue }
            let p = ((geometry.x(of: i) - plot.x) * 2, scale.dotRow(values[i]))
            if let prev = previous { canvas.line(from: prev, to: p, color: color) } else { canvas.set(dx: p.0, dy: p.1, color: color) }
            previous = p
        }
    }
}
