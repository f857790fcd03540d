import MarketModel

/// The candle chart of the selected symbol.
public struct ChartView: Sendable, Equatable {
    public var symbol: String
    public var interval: Interval
    /// Oldest first: closed candles, then the forming one (isClosed == false) last.
    public var candles: [Candle]
    /// Digits after the point for price labels.
    public var priceDecimals: Int
    /// Open times of candles that came from a REST backfill rather than the live stream.
    public var backfilledOpenTimes: Set<Int64>
    /// Open times known to be missing (a hole the backfill could not fill yet).
    public var gapOpenTimes: Set<Int64>
    /// Moving averages and similar lines, drawn in braille over the candles.
    public var overlays: [OverlayLine]
    public var bands: BandOverlay?
    /// How many bars one screen width shows.
    public var zoom: Int
    /// Bars back from the newest; 0 shows the newest at the right edge.
    public var scrollOffset: Int
    /// Price alerts waiting to fire on this symbol: a line each, with its price on the axis.
    public var alertPrices: [Double] = []
    /// Signals that fired on this series, oldest first: a mark at each one's bar.
    public var markers: [ChartMarker] = []

    public init(symbol: String, interval: Interval, candles: [Candle], priceDecimals: Int = 2,
                backfilledOpenTimes: Set<Int64> = [], gapOpenTimes: Set<Int64> = [], overlays: [OverlayLine] = [],
                bands: BandOverlay? = nil, zoom: Int = 120, scrollOffset: Int = 0) {
        self.symbol = symbol
        self.interval = interval
        self.candles = candles
        self.priceDecimals = priceDecimals
        self.backfilledOpenTimes = backfilledOpenTimes
        self.gapOpenTimes = gapOpenTimes
        self.overlays = overlays
        self.bands = bands
        self.zoom = zoom
        self.scrollOffset = scrollOffset
    }
}

/// A line over the chart, one value per candle (NaN where it has no value yet).
public struct OverlayLine: Sendable, Equatable {
    public var name: String
    public var values: [Double]
    /// Which theme colour to use: "overlay1" ... "overlay4" (others fall back to overlay1).
    public var styleKey: String

    public init(name: String, values: [Double], styleKey: String = "overlay1") {
        self.name = name
        self.values = values
        self.styleKey = styleKey
    }

    public static func == (a: OverlayLine, b: OverlayLine) -> Bool {
        a.name == b.name && a.styleKey == b.styleKey && sameValues(a.values, b.values)
    }
}

/// Bollinger-style bands, aligned to the candles like an overlay.
public struct BandOverlay: Sendable, Equatable {
    public var name: String
    public var upper: [Double]
    public var middle: [Double]
    public var lower: [Double]

    public init(name: String = "BB", upper: [Double], middle: [Double], lower: [Double]) {
        self.name = name
        self.upper = upper
        self.middle = middle
        self.lower = lower
    }

    public static func == (a: BandOverlay, b: BandOverlay) -> Bool {
        a.name == b.name && sameValues(a.upper, b.upper) && sameValues(a.middle, b.middle) && sameValues(a.lower, b.lower)
    }
}

/// A panel under the chart, aligned bar for bar with it.
public enum SubpaneView: Sendable, Equatable {
    /// Lines on a fixed scale with guide levels (RSI: 0–100 with 30 and 70). The first line's
    /// last value is the badge, coloured bearish at or above the highest guide and bullish at or
    /// below the lowest.
    case fixed(name: String, lines: [[Double]], low: Double, high: Double, guides: [Double])
    /// Lines and an optional histogram on a scale fitted to the values in view, either side of
    /// a zero line (MACD: line, signal, histogram).
    case fitted(name: String, lines: [[Double]], histogram: [Double]?)

    public static func rsi(name: String = "RSI(14)", values: [Double], lower: Double = 30, upper: Double = 70) -> SubpaneView {
        .fixed(name: name, lines: [values], low: 0, high: 100, guides: [upper, lower])
    }

    public static func macd(name: String = "MACD(12,26,9)", line: [Double], signal: [Double], histogram: [Double]) -> SubpaneView {
        .fitted(name: name, lines: [line, signal], histogram: histogram)
    }

    public static func == (a: SubpaneView, b: SubpaneView) -> Bool {
        switch (a, b) {
        case let (.fixed(n1, v1, lo1, hi1, g1), .fixed(n2, v2, lo2, hi2, g2)):
            return n1 == n2 && sameLines(v1, v2) && lo1 == lo2 && hi1 == hi2 && g1 == g2
        case let (.fitted(n1, l1, h1), .fitted(n2, l2, h2)):
            return n1 == n2 && sameLines(l1, l2) && sameLines(h1.map { [$0] } ?? [], h2.map { [$0] } ?? [])
        default:
            return false
        }
    }

    private static func sameLines(_ a: [[Double]], _ b: [[Double]]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { sameValues($0, $1) }
    }
}

/// Array equality where NaN equals NaN: "no value" at the same place is the same picture.
func sameValues(_ a: [Double], _ b: [Double]) -> Bool {
    guard a.count == b.count else { return false }
    for i in a.indices where !(a[i] == b[i] || (a[i].isNaN && b[i].isNaN)) { return false }
    return true
}

/// A signal drawn on the chart: ▲ under the bar (bullish) or ▼ over it (bearish).
public struct ChartMarker: Sendable, Equatable {
    /// The bar it fired on.
    public var openTime: Int64
    public var direction: SignalDirection
    /// "rule: reason", for the chart's footer when this marker is the selected one.
    public var text: String

    public init(openTime: Int64, direction: SignalDirection, text: String) {
        self.openTime = openTime
        self.direction = direction
        self.text = text
    }
}
