/// Where every pane goes for a terminal size. Widths are chosen so the chart always keeps the
/// most room: side panes appear only when the chart can spare the columns.
///
///     80x24    status / watchlist | chart / footer
///     120x40   status / watchlist + indicators | chart + subpanes / footer
///     160x48+  status / watchlist + indicators | chart + subpanes | signals / footer
public struct Layout: Equatable, Sendable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public let width: Int
    public let height: Int
    public let isTooSmall: Bool
    public let statusBar: Rect
    public let footer: Rect
    public let watchlist: Rect
    public let indicators: Rect?
    public let signals: Rect?
    public let chart: Rect
    public let subpanes: [Rect]
    /// Where toasts go, never over the newest candles or the last price on the axis: below 34
    /// rows the bottom row (one toast, its key hints come back when it goes), else the top-left
    /// of the chart over its oldest bars, two or (from 44 rows) three toasts and a "+N more" line.
    public let toastArea: Rect

    /// - Parameters:
    ///   - subpaneCount: RSI/MACD panes the state asks for; fewer are shown when rows are short.
    ///   - watchRows: watchlist length, so the watchlist takes only the rows it needs.
    public init(width: Int, height: Int, subpaneCount: Int = 0, watchRows: Int = 8) {
        self.width = width
        self.height = height
        isTooSmall = width < Layout.minimumWidth || height < Layout.minimumHeight
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let (status, rest) = screen.splitTop(1)
        let (body, footer) = rest.splitBottom(1)
        statusBar = status
        self.footer = footer

        let leftWidth: Int
        let rightWidth: Int
        switch width {
        case 180...: leftWidth = 56; rightWidth = 52
        case 140..<180: leftWidth = 50; rightWidth = 38
        case 100..<140: leftWidth = 42; rightWidth = 0
        default: leftWidth = 30; rightWidth = 0
        }
        let (left, centerAndRight) = body.splitLeft(leftWidth)
        let (center, right) = centerAndRight.splitRight(rightWidth)

        // Watchlist: header + rows + borders, the rest of the column for indicators when there
        // is room for a useful table (at least 5 rows).
        let wanted = watchRows + 3
        if left.height - wanted >= 7 && height >= 32 {
            let (w, rest) = left.splitTop(wanted)
            watchlist = w
            indicators = rest
        } else {
            watchlist = left
            indicators = nil
        }
        signals = right.isEmpty ? nil : right

        // Subpanes under the chart when the chart keeps at least 16 rows.
        var chartRect = center
        var panes: [Rect] = []
        if subpaneCount > 0 && center.height >= 30 {
            let each = max(7, min(12, center.height / 5))
            let fit = max(0, min(subpaneCount, (center.height - 16) / each))
            for _ in 0..<fit {
                let (top, bottom) = chartRect.splitBottom(each)
                chartRect = top
                panes.insert(bottom, at: 0)
            }
        }
        chart = chartRect
        subpanes = panes
        if height < 34 {
            toastArea = footer
        } else {
            let plotWidth = max(0, chartRect.width - 2)
            toastArea = Rect(x: chartRect.x + 1, y: chartRect.y + 1, width: min(plotWidth, max(24, plotWidth * 3 / 5)),
                             height: min(height >= 44 ? 4 : 3, max(0, chartRect.height - 2)))
        }
    }

    /// Every pane's rect, for overlap checks.
    public var panes: [Rect] {
        [statusBar, footer, watchlist, chart] + [indicators, signals].compactMap { $0 } + subpanes
    }
}
