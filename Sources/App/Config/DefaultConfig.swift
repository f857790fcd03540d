import TUI

/// The commented file `thebot config --default` prints. Parsing it gives exactly `AppConfig()`,
/// and uncommenting any `# name = value` line in it gives a file the monitor accepts.
enum DefaultConfig {
    /// `# action = "keys"` for every action the `[keys]` table knows, from the one action list
    /// the parser and the help overlay use.
    static var keyLines: String {
        let bindings = KeyMap.default.bindings
        return KeyAction.named.compactMap { name, action, _ -> String? in
            let keys = bindings.filter { $0.value == action }.map(\.key.description).sorted()
            guard !keys.isEmpty else { return nil }
            return "# \(name) = \"\(keys.joined(separator: " "))\""
        }.joined(separator: "\n")
    }

    static let text = """
    # thebot configuration: $XDG_CONFIG_HOME/thebot/config.toml (or ~/.config/thebot/config.toml).
    # Command-line flags override these settings. Run `thebot config --check` after editing.

    # Symbols in the watchlist, in order.
    symbols = ["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "SHIBUSDT"]

    # Chart intervals; keys 1-9 pick them in this order.
    # Any of: 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M
    intervals = ["1m", "5m", "15m", "1h", "4h", "1d"]

    # Indicators, in the one syntax thebot uses everywhere:
    # sma(n) ema(n) wma(n) rsi(n) roc(n) macd(fast,slow,signal) bbands(n,up,down) atr(n) adx(n)
    # cci(n) willr(n) mfi(n) stoch(k,slowk,slowd) obv vwap
    indicators = ["ema(20)", "ema(50)", "bbands(20,2,2)", "rsi(14)", "macd(12,26,9)", "atr(14)", "adx(14)", "stoch(14,3,3)", "cci(20)", "mfi(14)", "obv", "vwap"]

    # Frame interval in milliseconds: 100, 500 or 1000 (`f` cycles it).
    refresh_ms = 500

    # Theme name: dark, light, solarized-dark, gruvbox, high-contrast, monochrome, or your own file's name.
    theme = "dark"
    # Extra directory searched first for <name>.toml themes.
    theme_dir = ""

    [keys]
    # Remap any action to one key, or several separated by spaces: a character ("x"), "ctrl-x",
    # or a named key (up down left right enter esc space pgup pgdn home end f1-f12).
    # Every action and its default keys:
    \(keyLines)

    [endpoints]
    # Binance production by default. Binance.US: wss://stream.binance.us:9443 and https://api.binance.us;
    # market data only: wss://data-stream.binance.vision and https://data-api.binance.vision;
    # testnet: wss://stream.testnet.binance.vision and https://testnet.binance.vision.
    # stream = "wss://stream.binance.com:9443"
    # rest = "https://api.binance.com"
    streams_per_connection = 200
    stale_after = 30
    history_bars = 500
    # tls_ca_file names a PEM file of private certificate authorities (a company proxy, your own
    # relay), trusted besides the system's for wss:// and https://. Certificates are always verified.
    # For example: tls_ca_file = "/etc/ssl/certs/my-private-ca.pem"

    [alerts]
    toast = true
    bell = false
    # OSC 9 / OSC 777 desktop notifications; they pass through tmux and ssh to your own desktop.
    desktop = true
    # Signals at least this strong (0-1) also open a modal; above 1 never.
    modal_strength = 0.9
    # A command that receives each signal as JSON on stdin, e.g. "notify-send thebot".
    notify_command = ""
    notify_timeout = 5
    # POST each signal as JSON to this URL.
    webhook = ""
    # Evaluate rules on bar "close" (calm, the default) or "intrabar" (earlier, may fire on a bar that later reverses).
    evaluate = "close"
    cooldown_bars = 1
    retention_days = 90
    # One "feed down" alert (through the channels above) when a symbol's data is older than
    # feed_stale_after seconds (0: three times the stream's cadence, at least 30) or reconnects
    # keep failing for feed_down_after seconds; one more when the feed recovers.
    feed_stale_after = 0
    feed_down_after = 60

    # Price alerts (also set with A in the monitor, listed with L); each fires once, as a signal:
    # [[alerts.price]]
    # symbol = "BTCUSDT"
    # above = 1000000

    [flow]
    # The trades tape (T) highlights trades at or above this size percentile of the last 1,000.
    large_trade_percentile = 95

    # Your own rules, in the indicator syntax:
    # [[rules]]
    # name = "oversold in uptrend"
    # when = "rsi(14) < 30 and close > ema(50)"
    # evaluate = "close"

    """
}
