/// The indicators thebot knows, one entry each (see `IndicatorCatalog+Entries.swift`).
public enum IndicatorCatalog {
    /// In the order the parser's "known:" list and the README name them.
    public static let entries: [IndicatorEntry] = [
        sma, ema, wma, rsi, roc, macd, bbands, atr, adx, cci, willr, mfi, stoch, obv, vwap, svwap,
    ]

    private static let byName: [String: IndicatorEntry] = {
        var map: [String: IndicatorEntry] = [:]
        for entry in entries { map[entry.name] = entry }
        return map
    }()

    /// The entry whose syntax name is `name` (lowercase), nil when none is.
    public static func entry(named name: String) -> IndicatorEntry? { byName[name] }

    /// Every syntax name, in catalog order.
    public static var names: [String] { entries.map(\.name) }
}
