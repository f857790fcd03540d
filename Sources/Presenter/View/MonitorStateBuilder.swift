import MarketModel
import TUI

/// Turns the presenter's contents into the plain values one frame shows.
struct MonitorStateBuilder: Sendable {
    let isDemo: Bool
    let endpointLabel: String
    let helpLines: [String]
    var largeTradePercentile: Double = 95

    func build(_ d: MonitorContents, data: SeriesExtract, nowMs: Int64) -> MonitorState {
        let watch = (0..<d.boards.count).map { i in
            let b = d.boards[i]
            return WatchRow(symbol: b.symbol.name, last: b.last, priceDecimals: b.priceDecimals, changePercent: b.changePercent,
                            flash: nowMs < b.flashUntilMs ? b.flash : .none,
                            sparkline: data.sparklines[b.symbol] ?? [], volume: b.quoteVolume,
                            consensus: d.alerts.consensus[b.symbol] ?? .neutral)
        }
        var chart: ChartView?
        var subpanes: [SubpaneView] = []
        var rows: [IndicatorRow] = []
        if d.cursor.selected >= 0, d.cursor.selected < d.boards.count {
            let board = d.boards[d.cursor.selected]
            let panes = ChartPanes(specs: d.specs, data: data)
            chart = ChartView(symbol: board.symbol.name, interval: d.interval, candles: data.candles,
                              priceDecimals: board.priceDecimals, backfilledOpenTimes: data.backfilled,
                              gapOpenTimes: data.gaps, overlays: panes.overlays, bands: panes.bands, zoom: d.cursor.zoom,
                              scrollOffset: d.cursor.scroll)
            chart?.alertPrices = d.priceAlerts.filter { $0.symbol == board.symbol }.map(\.price.doubleValue)
            let stored = d.storedMarkers.symbol == board.symbol && d.storedMarkers.interval == d.interval
                ? d.storedMarkers.merged(with: d.alerts.signals) : d.alerts.signals
            chart?.markers = SignalMarkers.markers(stored, symbol: board.symbol.name, interval: d.interval,
                                                  candles: data.candles)
            subpanes = panes.subpanes
            rows = IndicatorTableRows.rows(specs: d.specs, data: data, priceDecimals: board.priceDecimals)
        }
        var state = MonitorState(
            title: "thebot", isDemo: isDemo, endpointLabel: endpointLabel, health: d.feed.view,
            refreshMilliseconds: d.refreshMs, nowMs: nowMs, watchlist: watch, selectedIndex: d.cursor.selected,
            chart: chart, subpanes: subpanes, indicatorRows: rows, signals: d.alerts.signals,
            toasts: d.alerts.toasts.filter { $0.isVisible(at: nowMs) }, modal: d.alerts.modal, showHelp: d.showHelp,
            helpLines: helpLines, paused: d.paused,
            message: d.message.current(at: nowMs) ?? d.historyProblem ?? d.feed.problem(isDemo: isDemo),
            picker: pickerView(d))
        if d.cursor.selected >= 0, d.cursor.selected < d.boards.count {
            let board = d.boards[d.cursor.selected]
            if d.flow.showLadder {
                state.ladder = FlowViewBuilder.ladder(symbol: board.symbol, flow: data.flow, decimals: board.priceDecimals,
                                                      grouping: d.flow.grouping)
            }
            if d.flow.showTape {
                state.tape = FlowViewBuilder.tape(symbol: board.symbol, flow: data.flow, decimals: board.priceDecimals,
                                                  largePercentile: largeTradePercentile)
            }
        }
        return state
    }

    func pickerView(_ d: MonitorContents) -> PickerView? {
        switch d.picker {
        case .none: return nil
        case .indicators(let p): return p.view(specs: d.specs)
        case .addSymbol(let p): return p.view(tradable: d.boards.tradable)
        case .priceAlert(let p): return p.view()
        case .alertList(let p): return p.view(alerts: d.priceAlerts)
        }
    }
}
