import Foundation
import Indicators
import MarketData
import MarketModel
import TUI

/// The monitor's state between the feed and the screen. The feed task writes into it, the UI
/// thread reads a `MonitorState` snapshot once per frame and sends key actions; both go through
/// one lock held only for short copies, so neither side ever waits on the network.
final class MonitorModel: Sendable {
    struct Contents: Sendable {
        var boards: [SymbolBoard]
        var intervals: [Interval]
        var intervalIndex = 0
        var selected = 0
        var zoom = 120
        var scroll = 0
        var refreshMs: Int
        var paused = false
        var frozen: MonitorState?
        var showHelp = false
        var health = FeedHealth()
        var everLive = false
        var toasts: [Toast] = []
        var nextToastID = 1
        var modal: ModalView?
        var picker: Picker?
        var message: String?
        var messageUntilMs: Int64 = 0
        var signals: [SignalRow] = []
        var consensus: [Symbol: SignalConsensus] = [:]
        var specs: [IndicatorSpec]
        var tradable: [String] = []
        var decimals: [Symbol: Int] = [:]
        var terminalBytes: [UInt8] = []
    }

    enum Picker: Sendable, Equatable {
        case indicators(input: String)
        case addSymbol(input: String, selected: Int)
    }

    /// What the feed side must do after an action (the model itself never touches the network).
    enum Command: Sendable, Equatable {
        case watch([Symbol], Interval)
        case toggle(String)
        case unwatch([Symbol], Interval)
        case reconnect
        case quit
    }

    let isDemo: Bool
    let endpointLabel: String
    let helpLines: [String]
    private let data: Locked<Contents>

    init(config: AppConfig, specs: [IndicatorSpec], isDemo: Bool, endpointLabel: String, helpLines: [String] = []) {
        self.isDemo = isDemo
        self.endpointLabel = endpointLabel
        self.helpLines = helpLines
        let boards = config.symbols.map { SymbolBoard(symbol: $0, specs: specs, capacity: config.historyBars) }
        data = Locked(Contents(boards: boards, intervals: config.intervals, refreshMs: config.refreshMilliseconds, specs: specs))
    }

    var interval: Interval { data.withLock { $0.intervals[$0.intervalIndex] } }
    var symbols: [Symbol] { data.withLock { $0.boards.map(\.symbol) } }

    // MARK: - Feed side

    /// Applies one stream update; returns true when the screen should redraw.
    @discardableResult
    func apply(_ update: StreamUpdate, nowMs: Int64) -> Bool {
        data.withLock { d in
            switch update {
            case .candle(let candle, let backfilled):
                guard candle.interval == d.intervals[d.intervalIndex],
                      let i = d.boards.firstIndex(where: { $0.symbol == candle.symbol }) else { return false }
                if candle.isClosed {
                    return d.boards[i].close(candle, backfilled: backfilled, nowMs: nowMs)
                }
                d.boards[i].update(forming: candle, nowMs: nowMs)
                return true
            case .event(let event):
                switch event {
                case .ticker(let t):
                    guard let i = d.boards.firstIndex(where: { $0.symbol == t.symbol }) else { return false }
                    d.boards[i].note(ticker: t, nowMs: nowMs)
                    return true
                case .tickers(let list):
                    var changed = false
                    for t in list {
                        if let i = d.boards.firstIndex(where: { $0.symbol == t.symbol }) {
                            d.boards[i].note(ticker: t, nowMs: nowMs)
                            changed = true
                        }
                    }
                    return changed
                default:
                    return false
                }
            case .health(let health):
                d.health = health
                if health.state == .live { d.everLive = true }
                return true
            }
        }
    }

    /// Symbols the exchange lists, for completion, and each one's price precision.
    func setExchangeSymbols(_ names: [String], decimals: [Symbol: Int]) {
        data.withLock { d in
            d.tradable = names.sorted()
            d.decimals = decimals
            for i in d.boards.indices {
                if let p = decimals[d.boards[i].symbol] { d.boards[i].priceDecimals = p }
            }
        }
    }

    /// Stored signals for the pane (newest last), with the consensus they leave behind.
    func addSignals(_ rows: [SignalRow], consensus: [Symbol: SignalConsensus]) {
        data.withLock { d in
            d.signals.append(contentsOf: rows)
            if d.signals.count > 100 { d.signals.removeFirst(d.signals.count - 100) }
            d.consensus.merge(consensus) { _, new in new }
        }
    }

    func show(toast text: String, severity: Severity, direction: SignalDirection?, nowMs: Int64) {
        data.withLock { d in
            d.toasts.append(Toast(id: d.nextToastID, text: text, severity: severity, direction: direction, createdAtMs: nowMs))
            d.nextToastID += 1
            if d.toasts.count > 20 { d.toasts.removeFirst(d.toasts.count - 20) }
        }
    }

    func show(modal: ModalView) {
        data.withLock { $0.modal = modal }
    }

    /// Bytes for the terminal itself (bell, desktop notifications). They are written on the UI
    /// thread between frames, so they never land inside an ncurses update.
    func queueTerminal(_ bytes: [UInt8]) {
        data.withLock { $0.terminalBytes.append(contentsOf: bytes) }
    }

    func takeTerminalBytes() -> [UInt8] {
        data.withLock { d in
            defer { d.terminalBytes = [] }
            return d.terminalBytes
        }
    }

    func setSignalHistory(_ rows: [SignalRow]) {
        data.withLock { $0.signals = Array(rows.suffix(100)) }
    }

    func flash(_ sentence: String, nowMs: Int64, forMs: Int64 = 6_000) {
        data.withLock { d in
            d.message = sentence
            d.messageUntilMs = nowMs + forMs
        }
    }

    // MARK: - UI side

    /// Handles one key action on the UI thread and says what the feed must do.
    func handle(_ action: KeyAction, nowMs: Int64) -> [Command] {
        data.withLock { d in
            if let picker = d.picker { return handlePicker(picker, action, &d, nowMs: nowMs) }
            if d.modal != nil, action == .escape || action == .enter || action == .clearToasts {
                d.modal = nil
                return []
            }
            if d.showHelp, action == .escape || action == .help || action == .enter {
                d.showHelp = false
                return []
            }
            switch action {
            case .quit:
                return [.quit]
            case .up:
                if !d.boards.isEmpty { d.selected = (d.selected - 1 + d.boards.count) % d.boards.count }
                d.scroll = 0
            case .down:
                if !d.boards.isEmpty { d.selected = (d.selected + 1) % d.boards.count }
                d.scroll = 0
            case .left:
                d.scroll = min(d.scroll + max(1, d.zoom / 4), max(0, (d.boards.isEmpty ? 0 : d.boards[d.selected].candles.count) - 10))
            case .right:
                d.scroll = max(0, d.scroll - max(1, d.zoom / 4))
            case .zoomIn:
                d.zoom = max(20, d.zoom * 2 / 3)
            case .zoomOut:
                d.zoom = min(500, d.zoom * 3 / 2)
            case .interval(let n):
                guard n >= 1, n <= d.intervals.count, n - 1 != d.intervalIndex else { return [] }
                let old = d.intervals[d.intervalIndex]
                d.intervalIndex = n - 1
                d.scroll = 0
                for i in d.boards.indices { d.boards[i].resetBars() }
                let symbols = d.boards.map(\.symbol)
                return [.unwatch(symbols, old), .watch(symbols, d.intervals[d.intervalIndex])]
            case .cycleRefresh:
                d.refreshMs = FrameScheduler.nextRefresh(after: d.refreshMs)
            case .indicatorPicker:
                d.picker = .indicators(input: "")
            case .addSymbol:
                d.picker = .addSymbol(input: "", selected: 0)
            case .removeSymbol:
                guard d.boards.count > 1 else {
                    d.message = "The watchlist needs at least one symbol."
                    d.messageUntilMs = nowMs + 4_000
                    return []
                }
                let removed = d.boards.remove(at: d.selected)
                d.selected = min(d.selected, d.boards.count - 1)
                return [.unwatch([removed.symbol], d.intervals[d.intervalIndex])]
            case .nextTheme:
                break
            case .togglePause:
                d.paused.toggle()
                d.frozen = nil
            case .reconnect:
                d.message = "Reconnecting every stream."
                d.messageUntilMs = nowMs + 4_000
                return [.reconnect]
            case .clearToasts:
                d.toasts = []
                d.modal = nil
            case .help:
                d.showHelp.toggle()
            case .toggleToasts:
                return [.toggle("toast")]
            case .toggleModals:
                return [.toggle("modal")]
            case .toggleBell:
                return [.toggle("bell")]
            case .toggleDesktop:
                return [.toggle("desktop")]
            case .escape:
                d.showHelp = false
                d.modal = nil
            case .enter, .backspace, .char:
                break
            }
            return []
        }
    }

    private func handlePicker(_ picker: Picker, _ action: KeyAction, _ d: inout Contents, nowMs: Int64) -> [Command] {
        switch picker {
        case .indicators(var input):
            switch action {
            case .escape:
                d.picker = nil
            case .backspace:
                if !input.isEmpty { input.removeLast() }
                d.picker = .indicators(input: input)
            case .char(let c):
                input.append(c)
                d.picker = .indicators(input: input)
            case .enter:
                d.picker = nil
                let text = input.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { return [] }
                do {
                    let spec = try IndicatorSpec(parsing: text)
                    if let index = d.specs.firstIndex(of: spec) {
                        d.specs.remove(at: index)
                        d.message = "Removed \(spec)."
                    } else {
                        d.specs.append(spec)
                        d.message = "Added \(spec)."
                    }
                    for i in d.boards.indices { d.boards[i].rebuild(specs: d.specs) }
                } catch {
                    d.message = error.description
                }
                d.messageUntilMs = nowMs + 5_000
            default:
                break
            }
        case .addSymbol(var input, var selected):
            let candidates = completions(input, d)
            switch action {
            case .escape:
                d.picker = nil
            case .backspace:
                if !input.isEmpty { input.removeLast() }
                d.picker = .addSymbol(input: input, selected: 0)
            case .char(let c):
                input.append(Character(c.uppercased()))
                d.picker = .addSymbol(input: input, selected: 0)
            case .up:
                selected = max(0, selected - 1)
                d.picker = .addSymbol(input: input, selected: selected)
            case .down:
                selected = min(max(0, candidates.count - 1), selected + 1)
                d.picker = .addSymbol(input: input, selected: selected)
            case .enter:
                d.picker = nil
                let chosen = candidates.indices.contains(selected) ? candidates[selected] : input
                guard let symbol = Symbol(chosen) else {
                    d.message = "\"\(chosen)\" is not a symbol: use letters and digits, like BTCUSDT."
                    d.messageUntilMs = nowMs + 5_000
                    return []
                }
                if !d.tradable.isEmpty, !d.tradable.contains(symbol.name) {
                    d.message = "\(symbol) is not listed on this exchange."
                    d.messageUntilMs = nowMs + 5_000
                    return []
                }
                if let existing = d.boards.firstIndex(where: { $0.symbol == symbol }) {
                    d.selected = existing
                    return []
                }
                let capacity = d.boards.first?.capacity ?? 500
                d.boards.append(SymbolBoard(symbol: symbol, specs: d.specs, capacity: capacity,
                                            priceDecimals: d.decimals[symbol] ?? 2))
                d.selected = d.boards.count - 1
                return [.watch([symbol], d.intervals[d.intervalIndex])]
            default:
                break
            }
        }
        return []
    }

    private func completions(_ input: String, _ d: Contents) -> [String] {
        guard !input.isEmpty else { return Array(d.tradable.prefix(8)) }
        let upper = input.uppercased()
        let prefixed = d.tradable.filter { $0.hasPrefix(upper) }
        let containing = d.tradable.filter { !$0.hasPrefix(upper) && $0.contains(upper) }
        return Array((prefixed + containing).prefix(8))
    }

    /// The frame's contents. Called on the UI thread once per frame.
    func snapshot(nowMs: Int64) -> MonitorState {
        data.withLock { d in
            if d.paused, var frozen = d.frozen {
                // Paused: the picture stays, but the clock, overlays and the PAUSED mark do not.
                frozen.nowMs = nowMs
                frozen.showHelp = d.showHelp
                frozen.picker = pickerView(d)
                frozen.message = "Paused: data keeps flowing; press p to resume."
                frozen.paused = true
                return frozen
            }
            let state = build(&d, nowMs: nowMs)
            if d.paused { d.frozen = state }
            return state
        }
    }

    private func build(_ d: inout Contents, nowMs: Int64) -> MonitorState {
        d.toasts.removeAll { !$0.isVisible(at: nowMs) }
        if d.messageUntilMs < nowMs { d.message = nil }
        let interval = d.intervals[d.intervalIndex]
        let watch = d.boards.map { b in
            WatchRow(symbol: b.symbol.name, last: b.last, priceDecimals: b.priceDecimals, changePercent: b.changePercent,
                     flash: nowMs < b.flashUntilMs ? b.flash : .none,
                     sparkline: b.candles.suffix(60).map(\.close.doubleValue), volume: b.quoteVolume,
                     consensus: d.consensus[b.symbol] ?? .neutral)
        }
        var chart: ChartView?
        var subpanes: [SubpaneView] = []
        var rows: [IndicatorRow] = []
        if d.boards.indices.contains(d.selected) {
            let board = d.boards[d.selected]
            let candles = board.candles
            var overlays: [OverlayLine] = []
            var bands: BandOverlay?
            for spec in board.specs {
                switch spec {
                case .sma, .ema, .wma, .vwap, .sessionVWAP:
                    if overlays.count < 4, let column = spec.columnNames.first {
                        overlays.append(OverlayLine(name: spec.description, values: board.series(column: column),
                                                    styleKey: "overlay\(overlays.count + 1)"))
                    }
                case .bbands:
                    if bands == nil {
                        let c = spec.columnNames
                        bands = BandOverlay(name: spec.description, upper: board.series(column: c[0]),
                                            middle: board.series(column: c[1]), lower: board.series(column: c[2]))
                    }
                case .rsi:
                    if !subpanes.contains(where: { if case .rsi = $0 { true } else { false } }) {
                        subpanes.append(.rsi(name: spec.description.uppercased(), values: board.series(column: spec.columnNames[0]),
                                             lower: 30, upper: 70))
                    }
                case .macd:
                    if !subpanes.contains(where: { if case .macd = $0 { true } else { false } }) {
                        let c = spec.columnNames
                        subpanes.append(.macd(name: spec.description.uppercased(), line: board.series(column: c[0]),
                                              signal: board.series(column: c[1]), histogram: board.series(column: c[2])))
                    }
                default:
                    break
                }
            }
            chart = ChartView(symbol: board.symbol.name, interval: interval, candles: candles,
                              priceDecimals: board.priceDecimals, backfilledOpenTimes: board.backfilled,
                              gapOpenTimes: board.gaps, overlays: overlays, bands: bands, zoom: d.zoom,
                              scrollOffset: d.scroll)
            rows = IndicatorTableRows.rows(board: board)
        }
        return MonitorState(
            title: "thebot", isDemo: isDemo, endpointLabel: endpointLabel, health: healthView(d),
            refreshMilliseconds: d.refreshMs, nowMs: nowMs, watchlist: watch, selectedIndex: d.selected,
            chart: chart, subpanes: subpanes, indicatorRows: rows, signals: d.signals, toasts: d.toasts,
            modal: d.modal, showHelp: d.showHelp, helpLines: helpLines, paused: d.paused,
            message: d.message ?? connectionMessage(d), picker: pickerView(d))
    }

    private func healthView(_ d: Contents) -> HealthView {
        let h = d.health
        let state = HealthView.State(rawValue: h.state.rawValue) ?? .connecting
        // No open connection has delivered a frame (never connected, or reconnecting): the age is
        // unknown, which the status bar shows as "age –", not as fresh data ("age 0.0s").
        return HealthView(state: state, dataAgeSeconds: h.lastMessageAge ?? .infinity, messagesPerSecond: h.messagesPerSecond,
                          reconnects: h.reconnects, lastError: h.lastError, backfilling: h.backfilling > 0,
                          restWeightUsed: h.restWeightUsed)
    }

    /// When the exchange has never been reached, say why and what to try.
    private func connectionMessage(_ d: Contents) -> String? {
        guard !d.everLive, d.health.state != .live, d.health.state != .connecting || d.health.lastError != nil,
              let error = d.health.lastError else { return nil }
        if isDemo { return error }
        let retrying = error.lowercased().contains("retrying") ? "" : " Retrying;"
        return "\(error)\(retrying) run `thebot --demo` for the simulator."
    }

    private func pickerView(_ d: Contents) -> PickerView? {
        switch d.picker {
        case .none:
            return nil
        case .indicators(let input):
            return PickerView(prompt: "Indicator (enter toggles): ", input: input,
                              candidates: d.specs.map(\.description), selected: nil,
                              hint: "e.g. ema(100), bbands(20,2,2), rsi(7); an existing one is removed")
        case .addSymbol(let input, let selected):
            let list = completions(input, d)
            return PickerView(prompt: "Add symbol: ", input: input, candidates: list,
                              selected: list.isEmpty ? nil : min(selected, list.count - 1),
                              hint: d.tradable.isEmpty ? "symbol list not loaded yet" : "up/down choose, enter adds, esc cancels")
        }
    }
}

