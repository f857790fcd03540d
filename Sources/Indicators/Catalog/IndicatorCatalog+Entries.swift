// One entry per indicator. Defaults are the conventional ones (TA-Lib's where it has one);
// each study's file says how its math matches TA-Lib.

extension IndicatorCatalog {
    public static let sma = IndicatorEntry(
        name: "sma", parameters: [.period(default: 20, minimum: 2)],
        reading: .closeAbove, drawing: .overlay, valueKind: .price,
        make: { SMA(period: $0.whole(0)) })

    public static let ema = IndicatorEntry(
        name: "ema", parameters: [.period(default: 12, minimum: 2)],
        reading: .closeAbove, drawing: .overlay, valueKind: .price,
        make: { EMA(period: $0.whole(0)) })

    public static let wma = IndicatorEntry(
        name: "wma", parameters: [.period(default: 10, minimum: 2)],
        reading: .closeAbove, drawing: .overlay, valueKind: .price,
        make: { WMA(period: $0.whole(0)) })

    public static let rsi = IndicatorEntry(
        name: "rsi", parameters: [.period(default: 14, minimum: 2)],
        reading: .zones(oversold: 30, overbought: 70),
        drawing: .pane(.fixed(low: 0, high: 100, guides: [30, 70])), valueKind: .number,
        make: { RSI(period: $0.whole(0)) })

    public static let roc = IndicatorEntry(
        name: "roc", parameters: [.period(default: 10, minimum: 1)],
        reading: .sign, drawing: .tableOnly, valueKind: .number,
        make: { ROC(period: $0.whole(0)) })

    public static let macd = IndicatorEntry(
        name: "macd",
        parameters: [
            .period("fast period", default: 12, minimum: 2),
            .period("slow period", default: 26, minimum: 2),
            .period("signal period", default: 9, minimum: 1),
        ],
        outputs: [
            IndicatorOutput("line", alsoAccepted: ["macd"], bareColumn: true, reading: .sign),
            IndicatorOutput("signal", reading: .sign),
            IndicatorOutput("hist", alsoAccepted: ["histogram"], reading: .sign, plot: .histogram),
        ],
        drawing: .pane(.fitted), valueKind: .number,
        make: { MACD(fast: $0.whole(0), slow: $0.whole(1), signal: $0.whole(2)) })

    public static let bbands = IndicatorEntry(
        name: "bbands", columnStem: "bb",
        parameters: [
            .period(default: 20, minimum: 2),
            .decimal("upper deviations", default: 2),
            .decimal("lower deviations", default: 2),
        ],
        outputs: [
            IndicatorOutput("upper", reading: .bearishWhenCloseAbove),
            IndicatorOutput("middle", alsoAccepted: ["mid"], reading: .closeAbove),
            IndicatorOutput("lower", reading: .bullishWhenCloseBelow),
        ],
        drawing: .band, valueKind: .price,
        make: { BollingerBands(period: $0.whole(0), upperDeviations: $0.decimal(1), lowerDeviations: $0.decimal(2)) })

    public static let atr = IndicatorEntry(
        name: "atr", parameters: [.period(default: 14, minimum: 1)],
        reading: .none, drawing: .tableOnly, valueKind: .price,
        make: { ATR(period: $0.whole(0)) })

    public static let adx = IndicatorEntry(
        name: "adx", parameters: [.period(default: 14, minimum: 2)],
        reading: .none, drawing: .tableOnly, valueKind: .number,
        make: { ADX(period: $0.whole(0)) })

    public static let cci = IndicatorEntry(
        name: "cci", parameters: [.period(default: 20, minimum: 2)],
        reading: .zones(oversold: -100, overbought: 100), drawing: .tableOnly, valueKind: .number,
        make: { CCI(period: $0.whole(0)) })

    public static let willr = IndicatorEntry(
        name: "willr", parameters: [.period(default: 14, minimum: 2)],
        reading: .zones(oversold: -80, overbought: -20), drawing: .tableOnly, valueKind: .number,
        make: { WilliamsR(period: $0.whole(0)) })

    public static let mfi = IndicatorEntry(
        name: "mfi", parameters: [.period(default: 14, minimum: 2)],
        reading: .zones(oversold: 20, overbought: 80), drawing: .tableOnly, valueKind: .number,
        make: { MFI(period: $0.whole(0)) })

    public static let stoch = IndicatorEntry(
        name: "stoch",
        parameters: [
            .period("%K period", default: 14, minimum: 1),
            .period("%K smoothing", default: 3, minimum: 1),
            .period("%D smoothing", default: 3, minimum: 1),
        ],
        outputs: [
            IndicatorOutput("k", reading: .zones(oversold: 20, overbought: 80)),
            IndicatorOutput("d", reading: .zones(oversold: 20, overbought: 80)),
        ],
        drawing: .tableOnly, valueKind: .number,
        make: { Stochastic(fastK: $0.whole(0), slowK: $0.whole(1), slowD: $0.whole(2)) })

    public static let obv = IndicatorEntry(
        name: "obv", parameters: [],
        reading: .none, drawing: .tableOnly, valueKind: .volume,
        make: { _ in OBV() })

    /// Over the whole series, never reset.
    public static let vwap = IndicatorEntry(
        name: "vwap", parameters: [],
        reading: .closeAbove, drawing: .overlay, valueKind: .price,
        make: { _ in VWAP(anchor: .cumulative) })

    /// The session VWAP, reset at 00:00 UTC.
    public static let svwap = IndicatorEntry(
        name: "svwap", parameters: [],
        reading: .closeAbove, drawing: .overlay, valueKind: .price,
        make: { _ in VWAP(anchor: .utcSession) })
}
