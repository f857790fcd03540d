import MarketModel
import XCTest
@testable import App

final class ConfigFileTests: XCTestCase {
    func testTheDefaultFileParsesToTheDefaults() throws {
        let parsed = try ConfigFile.parse(DefaultConfig.text, file: "default.toml")
        XCTAssertEqual(parsed, AppConfig())
        XCTAssertEqual(parsed.symbols.count, 8)
        XCTAssertNoThrow(try MonitorSettings.validate(parsed))
    }

    func testSettingsAreRead() throws {
        let text = """
        symbols = ["btcusdt", "ETHUSDT"]
        intervals = ["1m", "1h"]
        refresh_ms = 100
        theme = "gruvbox"
        [keys]
        quit = "x"
        [endpoints]
        stream = "wss://data-stream.binance.vision"
        stale_after = 45
        [alerts]
        bell = true
        modal_strength = 1
        [[rules]]
        name = "dip"
        when = "rsi(14) < 30 and close > ema(50)"
        evaluate = "intrabar"
        """
        let config = try ConfigFile.parse(text, file: "c.toml")
        XCTAssertEqual(config.symbols.map(\.name), ["BTCUSDT", "ETHUSDT"])
        XCTAssertEqual(config.intervals, [.m1, .h1])
        XCTAssertEqual(config.refreshMilliseconds, 100)
        XCTAssertEqual(config.keys["quit"], "x")
        XCTAssertEqual(config.streamEndpoint, "wss://data-stream.binance.vision")
        XCTAssertEqual(config.staleAfter, 45)
        XCTAssertTrue(config.alerts.bell)
        XCTAssertEqual(config.alerts.modalStrength, 1)
        XCTAssertEqual(config.rules, [UserRule(name: "dip", expression: "rsi(14) < 30 and close > ema(50)", intrabar: true)])
    }

    func testMistakesNameTheFileLineAndKey() {
        let cases: [(String, String)] = [
            ("symbols = [\"BTCUSDT\"]\nrefresh_ms = 250\n", "c.toml line 2: `refresh_ms` must be 100, 500 or 1000."),
            ("[alerts]\nbell = \"yes\"\n", "c.toml line 2: `alerts.bell` must be true or false."),
            ("colour = 1\n", "c.toml line 1: `colour` is not a setting thebot knows"),
            ("symbols = [\"BTC-USDT\"]\n", "c.toml line 1: `symbols` has \"BTC-USDT\""),
            ("[endpoints]\n\nstream = \"http://x\"\n", "c.toml line 3: `endpoints.stream` must be a ws:// or wss:// URL."),
            ("refresh_ms = \n", "c.toml line 1:"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try ConfigFile.parse(text, file: "c.toml"), text) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "got: \(error)")
            }
        }
    }

    func testABadIndicatorInTheConfigIsNamed() throws {
        let config = try ConfigFile.parse("indicators = [\"ema(12)\", \"ema(0)\"]\n", file: "c.toml")
        XCTAssertThrowsError(try MonitorSettings.validate(config)) { error in
            XCTAssertTrue("\(error)".contains("ema(0)"), "\(error)")
        }
    }

    func testAMissingExplicitFileIsAnErrorButAMissingDefaultIsNot() {
        XCTAssertThrowsError(try ConfigFile.load(path: "/nonexistent/thebot.toml")) { error in
            XCTAssertEqual("\(error)", "The config file /nonexistent/thebot.toml does not exist.")
        }
    }
}

final class JSONLineTests: XCTestCase {
    func testCandleLinesCarryExactDecimalsAndEscapeStrings() throws {
        let candle = Candle(symbol: Symbol("BTCUSDT")!, interval: .m1, openTime: 60_000, closeTime: 119_999,
                            open: ExactDecimal("4261.48000000")!, high: ExactDecimal("4261.48000000")!,
                            low: ExactDecimal("4200.00000000")!, close: ExactDecimal("4227.37000000")!,
                            volume: ExactDecimal("49.69689856")!, trades: 49, isClosed: true)
        let line = JSONLine.candle(candle, backfilled: false)
        XCTAssertEqual(line, "{\"type\":\"candle\",\"symbol\":\"BTCUSDT\",\"interval\":\"1m\",\"open_time\":60000,\"close_time\":119999,\"open\":\"4261.48000000\",\"high\":\"4261.48000000\",\"low\":\"4200.00000000\",\"close\":\"4227.37000000\",\"volume\":\"49.69689856\",\"trades\":49,\"closed\":true,\"backfilled\":false}")
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        XCTAssertEqual(object?["close"] as? String, "4227.37000000")
        XCTAssertEqual(JSONLine.quote("a\"b\\c\n\u{1b}"), "\"a\\\"b\\\\c\\n\\u001b\"")
    }
}
