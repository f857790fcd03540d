/// One indicator with its parameters, in the syntax used everywhere (CLI, config, key
/// bindings, headless output): `sma(20)`, `ema(12)`, `wma(10)`, `rsi(14)`, `roc(10)`,
/// `macd(12,26,9)`, `bbands(20,2,2)`, `atr(14)`, `adx(14)`, `cci(20)`, `willr(14)`,
/// `mfi(14)`, `stoch(14,3,3)`, `obv`, `vwap`, `svwap`.
///
/// `svwap` is the session VWAP that resets at 00:00 UTC; `vwap` never resets.
/// `description` is canonical and parses back to an equal spec.
public enum IndicatorSpec: Sendable, Hashable, CustomStringConvertible {
    case sma(period: Int)
    case ema(period: Int)
    case wma(period: Int)
    case rsi(period: Int)
    case roc(period: Int)
    case macd(fast: Int, slow: Int, signal: Int)
    case bbands(period: Int, up: Double, down: Double)
    case atr(period: Int)
    case adx(period: Int)
    case cci(period: Int)
    case willr(period: Int)
    case mfi(period: Int)
    case stoch(fastK: Int, slowK: Int, slowD: Int)
    case obv
    case vwap
    case sessionVWAP

    /// The list the CSV tool computes when none is given (the reference files' list).
    public static let defaultListText =
        "sma(20),ema(12),ema(26),wma(10),rsi(14),roc(10),macd(12,26,9),bbands(20,2,2),atr(14),adx(14),cci(20),willr(14),mfi(14),stoch(14,3,3),obv,vwap"

    /// `defaultListText`, parsed.
    public static var defaultList: [IndicatorSpec] {
        // The text is a constant checked by the tests; it cannot fail to parse.
        (try? parseList(defaultListText)) ?? []
    }

    /// Parses one item such as `macd(12,26,9)` or `rsi` (defaults for omitted parameters).
    public init(parsing text: String) throws(IndicatorSpecError) {
        self = try IndicatorSpecParser.parseItem(text)
    }

    /// Parses a comma-separated list, splitting only at commas outside parentheses:
    /// `"sma(20),macd(12,26,9),obv"`. Rejects an empty list and a spec listed twice.
    public static func parseList(_ text: String) throws(IndicatorSpecError) -> [IndicatorSpec] {
        try IndicatorSpecParser.parseList(text)
    }

    public var name: String {
        switch self {
        case .sma: "sma"
        case .ema: "ema"
        case .wma: "wma"
        case .rsi: "rsi"
        case .roc: "roc"
        case .macd: "macd"
        case .bbands: "bbands"
        case .atr: "atr"
        case .adx: "adx"
        case .cci: "cci"
        case .willr: "willr"
        case .mfi: "mfi"
        case .stoch: "stoch"
        case .obv: "obv"
        case .vwap: "vwap"
        case .sessionVWAP: "svwap"
        }
    }

    /// Parameters as written in the canonical form (`1.5`, `2`, never `2.0`).
    var parameterTexts: [String] {
        switch self {
        case .sma(let n), .ema(let n), .wma(let n), .rsi(let n), .roc(let n),
             .atr(let n), .adx(let n), .cci(let n), .willr(let n), .mfi(let n):
            ["\(n)"]
        case .macd(let f, let s, let g): ["\(f)", "\(s)", "\(g)"]
        case .bbands(let n, let up, let down): ["\(n)", NumberText.format(up), NumberText.format(down)]
        case .stoch(let k, let sk, let sd): ["\(k)", "\(sk)", "\(sd)"]
        case .obv, .vwap, .sessionVWAP: []
        }
    }

    public var description: String {
        let p = parameterTexts
        return p.isEmpty ? name : "\(name)(\(p.joined(separator: ",")))"
    }

    /// Output column names: `name_params` with parameters joined by `_` and a decimal point
    /// written `p` (`bbands(10,1.5,2.5)` → `bb_upper_10_1p5_2p5`, …).
    public var columnNames: [String] {
        let p = parameterTexts.map { $0.replacingPoint() }
        let suffix = p.isEmpty ? "" : "_" + p.joined(separator: "_")
        switch self {
        case .macd: return ["macd", "macd_signal", "macd_hist"].map { $0 + suffix }
        case .bbands: return ["bb_upper", "bb_middle", "bb_lower"].map { $0 + suffix }
        case .stoch: return ["stoch_k", "stoch_d"].map { $0 + suffix }
        default: return [name + suffix]
        }
    }

    /// A fresh, cold indicator for this spec.
    public func makeIndicator() -> any Indicator {
        switch self {
        case .sma(let n): SMA(period: n)
        case .ema(let n): EMA(period: n)
        case .wma(let n): WMA(period: n)
        case .rsi(let n): RSI(period: n)
        case .roc(let n): ROC(period: n)
        case .macd(let f, let s, let g): MACD(fast: f, slow: s, signal: g)
        case .bbands(let n, let up, let down):
            BollingerBands(period: n, upperDeviations: up, lowerDeviations: down)
        case .atr(let n): ATR(period: n)
        case .adx(let n): ADX(period: n)
        case .cci(let n): CCI(period: n)
        case .willr(let n): WilliamsR(period: n)
        case .mfi(let n): MFI(period: n)
        case .stoch(let k, let sk, let sd): Stochastic(fastK: k, slowK: sk, slowD: sd)
        case .obv: OBV()
        case .vwap: VWAP(anchor: .cumulative)
        case .sessionVWAP: VWAP(anchor: .utcSession)
        }
    }
}

extension String {
    fileprivate func replacingPoint() -> String {
        String(map { $0 == "." ? "p" : $0 })
    }
}
