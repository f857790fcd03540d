import MarketModel

/// Everything one frame shows, as plain values. The presenter builds it from its stores; the UI never
/// reaches back into them, so a frame is a pure function of this struct, the theme and the size.
public struct MonitorState: Sendable, Equatable {
    public var title: String
    /// Synthetic data: the status bar shows a loud DEMO badge so nobody trades on it.
    public var isDemo: Bool
    /// Where the data comes from, e.g. "stream.binance.com" or "127.0.0.1:9443 (simulator)".
    public var endpointLabel: String
    public var health: HealthView
    /// The frame interval the user chose (100, 500, 1000 ms); the loop draws at most this often.
    public var refreshMilliseconds: Int
    /// Wall clock, epoch ms UTC: the status bar clock and toast expiry use it.
    public var nowMs: Int64
    public var watchlist: [WatchRow]
    public var selectedIndex: Int
    public var chart: ChartView?
    public var subpanes: [SubpaneView]
    public var indicatorRows: [IndicatorRow]
    /// Signal history; drawn newest first whatever the order here.
    public var signals: [SignalRow]
    public var toasts: [Toast]
    public var modal: ModalView?
    public var showHelp: Bool
    /// Lines of the help overlay; empty means the default key map's description.
    public var helpLines: [String]
    public var paused: Bool
    /// One sentence for the bottom line, e.g. "Cannot reach stream.binance.com: try --demo."
    public var message: String?
    /// The `i` indicator picker or the `a` add-symbol prompt, when open.
    public var picker: PickerView?

    /// The `D` depth ladder and the `T` trades tape, when open.
    public var ladder: LadderView?
    public var tape: TapeView?

    public init(title: String = "thebot", isDemo: Bool = false, endpointLabel: String = "",
                health: HealthView = HealthView(), refreshMilliseconds: Int = 500, nowMs: Int64 = 0,
                watchlist: [WatchRow] = [], selectedIndex: Int = 0, chart: ChartView? = nil,
                subpanes: [SubpaneView] = [], indicatorRows: [IndicatorRow] = [], signals: [SignalRow] = [],
                toasts: [Toast] = [], modal: ModalView? = nil, showHelp: Bool = false, helpLines: [String] = [],
                paused: Bool = false, message: String? = nil, picker: PickerView? = nil) {
        self.title = title
        self.isDemo = isDemo
        self.endpointLabel = endpointLabel
        self.health = health
        self.refreshMilliseconds = refreshMilliseconds
        self.nowMs = nowMs
        self.watchlist = watchlist
        self.selectedIndex = selectedIndex
        self.chart = chart
        self.subpanes = subpanes
        self.indicatorRows = indicatorRows
        self.signals = signals
        self.toasts = toasts
        self.modal = modal
        self.showHelp = showHelp
        self.helpLines = helpLines
        self.paused = paused
        self.message = message
        self.picker = picker
    }
}

/// Connection health as the status bar shows it.
public struct HealthView: Sendable, Equatable {
    public enum State: String, Sendable, Equatable, CaseIterable {
        case connecting, live, stale, reconnecting, down
    }

    public var state: State
    /// Seconds since the last market message.
    public var dataAgeSeconds: Double
    public var messagesPerSecond: Double
    public var reconnects: Int
    public var lastError: String?
    public var backfilling: Bool
    /// REST weight used in the current minute (Binance's X-MBX-USED-WEIGHT-1M), when known.
    public var restWeightUsed: Int?

    public init(state: State = .connecting, dataAgeSeconds: Double = 0, messagesPerSecond: Double = 0,
                reconnects: Int = 0, lastError: String? = nil, backfilling: Bool = false, restWeightUsed: Int? = nil) {
        self.state = state
        self.dataAgeSeconds = dataAgeSeconds
        self.messagesPerSecond = messagesPerSecond
        self.reconnects = reconnects
        self.lastError = lastError
        self.backfilling = backfilling
        self.restWeightUsed = restWeightUsed
    }
}

public enum SignalConsensus: String, Sendable, Equatable, CaseIterable {
    case strongBuy, buy, neutral, sell, strongSell
}

/// Direction of a price move, for the brief flash of a watchlist price.
public enum Flash: Sendable, Equatable {
    case up, down, none
}

/// One watchlist line.
public struct WatchRow: Sendable, Equatable {
    public var symbol: String
    public var last: ExactDecimal?
    /// Digits after the point for this symbol's prices (from its tick size).
    public var priceDecimals: Int
    /// 24 h change in percent.
    public var changePercent: Double?
    public var flash: Flash
    /// Recent closes, oldest first; the widget shows the newest that fit.
    public var sparkline: [Double]
    /// 24 h quote volume (or base volume: the app chooses and keeps to it).
    public var volume: Double?
    public var consensus: SignalConsensus

    public init(symbol: String, last: ExactDecimal? = nil, priceDecimals: Int = 2, changePercent: Double? = nil,
                flash: Flash = .none, sparkline: [Double] = [], volume: Double? = nil, consensus: SignalConsensus = .neutral) {
        self.symbol = symbol
        self.last = last
        self.priceDecimals = priceDecimals
        self.changePercent = changePercent
        self.flash = flash
        self.sparkline = sparkline
        self.volume = volume
        self.consensus = consensus
    }
}
