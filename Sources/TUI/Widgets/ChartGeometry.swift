/// Which candles are visible and in which column each one sits. Shared by the chart and its
/// subpanes so an RSI value sits exactly under its candle.
public struct ChartGeometry: Equatable, Sendable {
    /// Index of the first visible candle.
    public let start: Int
    /// One past the last visible candle.
    public let end: Int
    /// Columns per bar (wider when zoomed in).
    public let step: Int
    public let plotX: Int
    public let plotWidth: Int

    public init(candleCount: Int, zoom: Int, scrollOffset: Int, plotX: Int, plotWidth: Int) {
        self.plotX = plotX
        self.plotWidth = max(0, plotWidth)
        let barsInView = max(1, min(max(1, zoom), max(1, plotWidth)))
        step = max(1, min(8, self.plotWidth / barsInView))
        let capacity = max(0, self.plotWidth / step)
        let offset = max(0, min(scrollOffset, max(0, candleCount - 1)))
        end = max(0, candleCount - offset)
        start = max(0, end - capacity)
    }

    public var count: Int { end - start }
    public var indices: Range<Int> { start..<end }

    /// The column of candle `index`: the newest visible candle sits at the right edge.
    @inline(__always)
    public func x(of index: Int) -> Int {
        plotX + plotWidth - (end - index) * step + step / 2
    }
}
