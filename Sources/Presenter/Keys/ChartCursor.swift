/// Which symbol the chart shows, how many bars fit across it and how far it is scrolled back.
struct ChartCursor: Sendable, Equatable {
    /// The README's zoom range: from 20 bars (zoomed in) to 500 (zoomed out).
    static let zoomRange = 20...500
    /// Scrolling back stops while this many bars are still in view.
    static let barsKeptInView = 10

    var selected = 0
    /// Bars across the chart.
    var zoom = 120
    /// Bars back from the newest; 0 shows the newest at the right edge.
    var scroll = 0

    /// Moves the selection by `step` rows, wrapping around the list; the new chart starts at its newest bar.
    mutating func select(by step: Int, count: Int) {
        if count > 0 { selected = ((selected + step) % count + count) % count }
        scroll = 0
    }

    /// Keeps the selection on the list after a row went away.
    mutating func clampSelection(count: Int) {
        selected = max(0, min(selected, count - 1))
    }

    /// Scroll a quarter of the view at a time, so some of what was on screen stays for orientation.
    private var scrollStep: Int { max(1, zoom / 4) }

    mutating func scrollBack(candleCount: Int) {
        scroll = min(scroll + scrollStep, max(0, candleCount - Self.barsKeptInView))
    }

    mutating func scrollForward() {
        scroll = max(0, scroll - scrollStep)
    }

    mutating func zoomIn() {
        zoom = max(Self.zoomRange.lowerBound, zoom * 2 / 3)
    }

    mutating func zoomOut() {
        zoom = min(Self.zoomRange.upperBound, zoom * 3 / 2)
    }
}
