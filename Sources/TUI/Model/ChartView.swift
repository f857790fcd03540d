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
    /// RSI values aligned to the chart's candles, with its oversold/overbought lines.
    case rsi(name: String, values: [Double], lower: Double, upper: Double)
    case macd(name: String, line: [Double], signal: [Double], histogram: [Double])

    public static func rsi(values: [Double]) -> SubpaneView { .rsi(name: "RSI(14)", values: values, lower: 30, upper: 70) }
    public static func macd(line: [Double], signal: [Double], histogram: [Double]) -> SubpaneView {
        .macd(name: "MACD(12,26,9)", line: line, signal: signal, histogram: histogram)
    }

    public static func == (a: SubpaneView, b: SubpaneView) -> Bool {
        switch (a, b) {
        case let (.rsi(n1, v1, l1, u1), .rsi(n2, v2, l2, u2)):
            return n1 == n2 && sameValues(v1, v2) && l1 == l2 && u1 == u2
        case let (.macd(n1, a1, s1, h1), .macd(n2, a2, s2, h2)):
            return n1 == n2 && sameValues(a1, a2) && sameValues(s1, s2) && sameValues(h1, h2)
        default:
            return false
        }
    }
}

/// Array equality where NaN equals NaN: "no value" at the same place is the same picture.
func sameValues(_ a: [Double], _ b: [Double]) -> Bool {
    guard a.count == b.count else { return false }
    for i in a.indices where !(a[i] == b[i] || (a[i].isNaN && b[i].isNaN)) { return false }
    return true
}
