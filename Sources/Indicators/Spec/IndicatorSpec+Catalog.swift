// Typed shorthands for code and tests (`.rsi(period: 14)`); the syntax itself needs none of
// them, so a new indicator may go without one. Values are taken as given: ranges are the
// parser's business.

extension IndicatorSpec {
    public static func sma(period: Int) -> IndicatorSpec { spec(IndicatorCatalog.sma, period) }
    public static func ema(period: Int) -> IndicatorSpec { spec(IndicatorCatalog.ema, period) }
    public static func wma(period: Int) -> IndicatorSpec { spec(IndicatorCatalog.wma, period) }
    public static func rsi(period: Int) -> IndicatorSpec { spec(IndicatorCatalog.rsi, period) }
    public static func roc(period: Int) -> IndicatorSpec { spec(IndicatorCatalog.roc, period) }
    public static func atr(period: Int) -> IndicatorSpec { spec(IndicatorCatalog.atr, period) }
    public static func adx(period: Int) -> IndicatorSpec { spec(IndicatorCatalog.adx, period) }
    public static func cci(period: Int) -> IndicatorSpec { spec(IndicatorCatalog.cci, period) }
    public static func willr(period: Int) -> IndicatorSpec { spec(IndicatorCatalog.willr, period) }
    public static func mfi(period: Int) -> IndicatorSpec { spec(IndicatorCatalog.mfi, period) }

    public static func macd(fast: Int, slow: Int, signal: Int) -> IndicatorSpec {
        spec(IndicatorCatalog.macd, fast, slow, signal)
    }

    public static func bbands(period: Int, up: Double, down: Double) -> IndicatorSpec {
        IndicatorSpec(entry: IndicatorCatalog.bbands, parameters: [Double(period), up, down])
    }

    public static func stoch(fastK: Int, slowK: Int, slowD: Int) -> IndicatorSpec {
        spec(IndicatorCatalog.stoch, fastK, slowK, slowD)
    }

    public static var obv: IndicatorSpec { IndicatorCatalog.obv.defaultSpec }
    public static var vwap: IndicatorSpec { IndicatorCatalog.vwap.defaultSpec }
    /// `svwap`: the VWAP that resets at 00:00 UTC.
    public static var sessionVWAP: IndicatorSpec { IndicatorCatalog.svwap.defaultSpec }

    private static func spec(_ entry: IndicatorEntry, _ values: Int...) -> IndicatorSpec {
        IndicatorSpec(entry: entry, parameters: values.map(Double.init))
    }
}
