/// An indicator pane under the chart (a fixed scale with guide lines such as RSI's 30/70, or a
/// fitted scale around zero such as MACD's histogram, line and signal), bar-aligned with the
/// chart through the chart's geometry.
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
        case let .fixed(name, lines, low, high, guides):
            renderFixed(&buffer, rect, name: name, lines: lines, low: low, high: high, guides: guides,
                        geometry: geometry, axisWidth: axisWidth)
        case let .fitted(name, lines, histogram):
            renderFitted(&buffer, rect, name: name, lines: lines, histogram: histogram ?? [],
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

    /// The first line in the main overlay colour, the next ones as the chart's overlays go.
    private func lineColor(_ index: Int) -> Color {
        let roles: [ThemeRole] = [.overlay2, .overlay1, .overlay3, .overlay4]
        return theme.color(roles[index % roles.count])
    }

    private func renderFixed(_ buffer: inout Buffer, _ rect: Rect, name: String, lines: [[Double]], low: Double, high: Double,
                             guides: [Double], geometry: ChartGeometry, axisWidth: Int) {
        let current = lines.first.flatMap { lastValue($0, geometry) }
        let title = sanitize(name) + (current.map { "  " + Formatting.fixed($0, decimals: 1) } ?? "")
        let inner = Panel.draw(&buffer, rect, title: title, theme: theme)
        guard inner.height >= 3, inner.width > axisWidth + 4 else { return }
        let (area, axis) = inner.splitRight(axisWidth)
        let plot = Rect(x: area.x, y: area.y, width: area.width - 1, height: area.height)
        let scale = PriceScale(low: low, high: high, rows: plot.height)
        let guide = theme.style(.grid)
        let labels = theme.style(.dimText)
        // Round levels besides the guides (RSI: 0/50/100 around its 30/70), never on a guide's
        // row or the row next to one, so the guides read first.
        let guideRows = guides.map { plot.y + scale.row($0) }
        let roundLevels = scale.axisTicks().filter { tick in
            let row = plot.y + scale.row(tick)
            return !guideRows.contains { abs($0 - row) < 2 }
        }
        SubpaneGrid.draw(&buffer, plot: plot, axis: axis, scale: scale, levels: roundLevels, theme: theme)
        for level in guides {
            let row = plot.y + scale.row(level)
            buffer.hline(x: plot.x, y: row, length: plot.width, "┈", style: guide.with(fg: theme.color(.band)))
            buffer.write(Formatting.fixed(level, decimals: level.rounded() == level ? 0 : 1), x: axis.x + 1, y: row,
                         style: labels, clip: axis)
        }
        var canvas = BrailleCanvas(rect: plot)
        for (index, values) in lines.enumerated() {
            trace(&canvas, values, geometry: geometry, plot: plot, scale: scale, color: lineColor(index))
        }
        canvas.draw(into: &buffer, background: theme.color(.background)) { $0.scalar == " " || $0.scalar == "┈" }
        if let v = current {
            let upper = guides.max() ?? .infinity, lower = guides.min() ?? -.infinity
            let role: ThemeRole = v >= upper ? .bear : (v <= lower ? .bull : .overlay2)
            let row = plot.y + scale.row(v)
            buffer.fill(Rect(x: axis.x, y: row, width: axis.width, height: 1), style: theme.badge(role))
            buffer.write(Formatting.fixed(v, decimals: 1), x: axis.x + 1, y: row, style: theme.badge(role), clip: axis)
        }
    }

    private func renderFitted(_ buffer: inout Buffer, _ rect: Rect, name: String, lines: [[Double]], histogram: [Double],
                              geometry: ChartGeometry, axisWidth: Int) {
        var title = sanitize(name)
        let lasts = lines.compactMap { lastValue($0, geometry) }
        if !lasts.isEmpty, lasts.count == lines.count {
            title += "  " + lasts.map { Formatting.fixed($0, decimals: decimals) }.joined(separator: " / ")
        }
        let inner = Panel.draw(&buffer, rect, title: title, theme: theme)
        guard inner.height >= 3, inner.width > axisWidth + 4 else { return }
        let (area, axis) = inner.splitRight(axisWidth)
        let plot = Rect(x: area.x, y: area.y, width: area.width - 1, height: area.height)
        var maxAbs = 0.0
        for series in lines + [histogram] {
            for i in geometry.indices where i < series.count && series[i].isFinite { maxAbs = max(maxAbs, abs(series[i])) }
        }
        guard maxAbs > 0 else {
            Panel.placeholder(&buffer, plot, "warming up…", theme: theme)
            return
        }
        let scale = PriceScale(low: -maxAbs, high: maxAbs, rows: plot.height)
        let zeroHalf = scale.halfRow(0)
        // Round levels either side of zero; zero is one of them (the range is symmetric) and,
        // nearest the middle, is the one kept when two labels would touch.
        var levels = scale.axisTicks()
        if !levels.contains(0) { levels.append(0) }
        SubpaneGrid.draw(&buffer, plot: plot, axis: axis, scale: scale, levels: levels, theme: theme)

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
        for (index, values) in lines.enumerated() {
            trace(&canvas, values, geometry: geometry, plot: plot, scale: scale, color: lineColor(index))
        }
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
