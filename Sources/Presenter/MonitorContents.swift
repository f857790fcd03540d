import Indicators
import MarketModel
import Signals
import TUI

/// Everything the presenter knows between two frames. A value, so the presenter can hold it
/// under one lock and the key, picker and view code can be plain functions of it.
struct MonitorContents: Sendable {
    var boards: BoardList
    /// The config's intervals; keys 1-9 pick one by position.
    let intervals: [Interval]
    var intervalIndex = 0
    var cursor = ChartCursor()
    var refreshMs: Int
    var specs: [IndicatorSpec]
    var feed = FeedStatus()
    var alerts = AlertInbox()
    var message = StatusMessage()
    /// The signal history cannot be written: shown on the status line until it can.
    var historyProblem: String?
    var picker: Picker?
    var showHelp = false
    var paused = false
    /// The picture taken when pause began; later frames show it until pause ends.
    var frozen: MonitorState?
    /// Bars the chart showed in the last frame (scrolling stops at the oldest).
    var chartCandleCount = 0
    /// The indicator list changed; the store recomputes its series once the lock is released.
    var specsChanged = false
    /// The price alerts waiting to fire, as the store had them at the last frame.
    var priceAlerts: [PriceAlert] = []
    /// The order flow panes and the symbol whose book and trades the feed keeps for them.
    var flow = FlowPanes()
    /// The chart series' stored signals, for its markers.
    var storedMarkers = StoredMarkers()

    init(symbols: [Symbol], intervals: [Interval], specs: [IndicatorSpec], refreshMs: Int) {
        precondition(!intervals.isEmpty, "the monitor needs at least one chart interval")
        boards = BoardList(symbols: symbols)
        self.intervals = intervals
        self.specs = specs
        self.refreshMs = refreshMs
    }

    var interval: Interval { intervals[intervalIndex] }
}
