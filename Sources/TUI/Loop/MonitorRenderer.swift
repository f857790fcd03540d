/// Composes a whole frame from the state: a pure function of (state, theme, size), which is what
/// the frame benchmark measures and what every layout test checks.
public struct MonitorRenderer: Sendable {
    public var theme: Theme
    /// Replace every non-ASCII glyph (locale not UTF-8, or `--ascii`).
    public var ascii: Bool
    public var keyMap: KeyMap

    public init(theme: Theme, ascii: Bool = false, keyMap: KeyMap = .default) {
        self.theme = theme
        self.ascii = ascii
        self.keyMap = keyMap
    }

    public func render(_ state: MonitorState, width: Int, height: Int) -> Buffer {
        var buffer = Buffer(width: width, height: height, fill: Cell(" ", style: theme.base))
        render(state, into: &buffer)
        return buffer
    }

    public func render(_ state: MonitorState, into buffer: inout Buffer) {
        let screen = buffer.bounds
        let layout = Layout(width: buffer.width, height: buffer.height, subpaneCount: state.subpanes.count,
                            watchRows: state.watchlist.count)
        if layout.isTooSmall {
            TooSmallScreen(theme: theme).render(into: &buffer, in: screen)
            if ascii { buffer.applyASCIIFallback() }
            return
        }
        StatusBar(state: state, theme: theme).render(into: &buffer, in: layout.statusBar)
        Watchlist(rows: state.watchlist, selectedIndex: state.selectedIndex, theme: theme).render(into: &buffer, in: layout.watchlist)
        if let r = layout.indicators {
            IndicatorTable(rows: state.indicatorRows, theme: theme).render(into: &buffer, in: r)
        }
        if let r = layout.signals {
            SignalPane(signals: state.signals, theme: theme).render(into: &buffer, in: r)
        }
        if let chart = state.chart {
            let frame = CandleChart(chart: chart, theme: theme).render(into: &buffer, in: layout.chart)
            for (pane, rect) in zip(state.subpanes, layout.subpanes) {
                let geometry = frame?.geometry ?? ChartGeometry(candleCount: 0, zoom: 1, scrollOffset: 0, plotX: rect.x + 1, plotWidth: 0)
                Subpane(pane: pane, theme: theme, decimals: chart.priceDecimals)
                    .render(into: &buffer, in: rect, geometry: geometry, axisWidth: frame?.axisWidth ?? CandleChart.axisWidth(for: chart))
            }
        } else {
            let inner = Panel.draw(&buffer, layout.chart, title: "Chart", theme: theme)
            Panel.placeholder(&buffer, inner, "select a symbol", theme: theme)
            for rect in layout.subpanes { Panel.draw(&buffer, rect, title: "", theme: theme) }
        }
        FlowPanesRenderer(theme: theme).render(state, layout: layout, into: &buffer)
        Footer(state: state, theme: theme).render(into: &buffer, in: layout.footer)
        Toasts(toasts: state.toasts, nowMs: state.nowMs, theme: theme).render(into: &buffer, in: layout.toastArea)
        if state.showHelp {
            HelpOverlay(lines: state.helpLines.isEmpty ? keyMap.helpLines : state.helpLines, theme: theme)
                .render(into: &buffer, in: screen)
        }
        if let picker = state.picker { Picker(picker: picker, theme: theme).render(into: &buffer, in: screen) }
        if let modal = state.modal { Modal(modal: modal, theme: theme).render(into: &buffer, in: screen) }
        if ascii { buffer.applyASCIIFallback() }
    }
}
