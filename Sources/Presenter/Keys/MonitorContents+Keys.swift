import MarketModel
import TUI

extension MonitorContents {
    /// One key action: an open picker takes it first, then an open modal or help overlay, then
    /// the normal bindings. Returns what the feed side must do.
    mutating func handle(_ action: KeyAction, nowMs: Int64) -> [MonitorPresenter.Command] {
        // Ctrl-C quits from a picker too (the loop ends either way; the feed side hears it).
        if action == .quit { return [.quit] }
        if let picker { return handle(action, in: picker, nowMs: nowMs) }
        if alerts.modal != nil, action == .escape || action == .enter || action == .clearToasts {
            if action == .clearToasts { alerts.clear() } else { alerts.modal = nil }
            return []
        }
        if showHelp, action == .escape || action == .help || action == .enter {
            showHelp = false
            return []
        }
        switch action {
        case .quit:
            return [.quit]
        case .up:
            cursor.select(by: -1, count: boards.count)
        case .down:
            cursor.select(by: 1, count: boards.count)
        case .left:
            cursor.scrollBack(candleCount: boards.isEmpty ? 0 : chartCandleCount)
        case .right:
            cursor.scrollForward()
        case .zoomIn:
            cursor.zoomIn()
        case .zoomOut:
            cursor.zoomOut()
        case .interval(let n):
            return selectInterval(n)
        case .cycleRefresh:
            refreshMs = FrameScheduler.nextRefresh(after: refreshMs)
        case .indicatorPicker:
            picker = .indicators(IndicatorPicker())
        case .addSymbol:
            picker = .addSymbol(SymbolPicker())
        case .removeSymbol:
            return removeSelected(nowMs: nowMs)
        case .nextTheme:
            // The UI loop owns the theme; nothing here depends on it.
            break
        case .togglePause:
            paused.toggle()
            frozen = nil
        case .reconnect:
            message.show("Reconnecting every stream.", nowMs: nowMs, forMs: 4_000)
            return [.reconnect]
        case .clearToasts:
            alerts.clear()
        case .help:
            showHelp.toggle()
        case .toggleToasts:
            return [.toggle("toast")]
        case .toggleModals:
            return [.toggle("modal")]
        case .toggleBell:
            return [.toggle("bell")]
        case .toggleDesktop:
            return [.toggle("desktop")]
        case .priceAlert:
            guard cursor.selected >= 0, cursor.selected < boards.count else { break }
            let board = boards[cursor.selected]
            picker = .priceAlert(AlertPrompt(symbol: board.symbol, last: board.last, decimals: board.priceDecimals))
        case .alertList:
            picker = .alertList(AlertList())
        case .depthLadder:
            flow.showLadder.toggle()
        case .tradesTape:
            flow.showTape.toggle()
        case .finerBook:
            flow.grouping.finer()
        case .coarserBook:
            flow.grouping.coarser()
        case .escape:
            showHelp = false
            alerts.modal = nil
        case .enter, .backspace, .char:
            break
        }
        return []
    }

    /// Keys 1-9: the n-th configured interval. Every board starts over on the new interval.
    private mutating func selectInterval(_ n: Int) -> [MonitorPresenter.Command] {
        guard n >= 1, n <= intervals.count, n - 1 != intervalIndex else { return [] }
        let old = interval
        intervalIndex = n - 1
        cursor.scroll = 0
        boards.resetBars()
        let symbols = boards.symbols
        return [.unwatch(symbols, old), .watch(symbols, interval)]
    }

    private mutating func removeSelected(nowMs: Int64) -> [MonitorPresenter.Command] {
        guard boards.count > 1 else {
            message.show("The watchlist needs at least one symbol.", nowMs: nowMs, forMs: 4_000)
            return []
        }
        let removed = boards.remove(at: cursor.selected)
        cursor.clampSelection(count: boards.count)
        return [.unwatch([removed], interval)]
    }
}
