import MarketModel
import Signals

/// Everything the config file can set. Command-line flags override it.
struct AppConfig: Sendable, Equatable {
    var symbols: [Symbol] = AppConfig.defaultSymbols
    /// Keys 1-9 pick these, in order.
    var intervals: [Interval] = [.m1, .m5, .m15, .h1, .h4, .d1]
    var indicators: [String] = ["ema(20)", "ema(50)", "bbands(20,2,2)", "rsi(14)", "macd(12,26,9)",
                                "atr(14)", "adx(14)", "stoch(14,3,3)", "cci(20)", "mfi(14)", "obv", "vwap"]
    var refreshMilliseconds = 500
    var theme = "dark"
    var themeDirectory: String?
    /// Action name -> key spec, e.g. "quit" = "x".
    var keys: [String: String] = [:]
    var streamEndpoint: String?
    var restEndpoint: String?
    var streamsPerConnection = 200
    var staleAfter = 30.0
    var historyBars = 500
    /// `[endpoints] tls_ca_file`: a PEM bundle of private authorities trusted besides the system's.
    var tlsCAFile: String?
    /// `[flow] large_trade_percentile`: tape trades at or above this size percentile stand out.
    var largeTradePercentile = 95.0
    var alerts = AlertSettings()
    var rules: [UserRule] = []

    static let defaultSymbols: [Symbol] = ["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT",
                                           "DOGEUSDT", "SHIBUSDT"].compactMap { Symbol($0) }
    static let refreshChoices = [100, 500, 1000]
}

struct AlertSettings: Sendable, Equatable {
    var toast = true
    var bell = false
    /// OSC 9 / OSC 777 desktop notifications (passed through tmux).
    var desktop = true
    /// Signals at or above this strength open a modal (0...1; above 1 never).
    var modalStrength = 0.9
    var notifyCommand: String?
    var notifyTimeout = 5.0
    var webhook: String?
    /// "close" (default) or "intrabar".
    var evaluate = "close"
    var cooldownBars = 1
    var retentionDays = 90
    var databasePath: String?
    /// Seconds without data for a symbol before the feed-down alert; 0 = three times the
    /// shortest subscribed stream's cadence, at least 30.
    var feedStaleAfter = 0.0
    /// Seconds of failing reconnects before the feed-down alert.
    var feedDownAfter = 60.0
    /// `[[alerts.price]]`: price alerts written in the file, beside those set from the keyboard.
    var prices: [PriceAlert] = []
}

struct UserRule: Sendable, Equatable {
    var name: String
    var expression: String
    var intrabar: Bool
}
