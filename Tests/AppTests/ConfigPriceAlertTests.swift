import MarketModel
import Signals
import XCTest
@testable import App

/// `[[alerts.price]]` in the config file: a symbol and one of `above` / `below`.
final class ConfigPriceAlertTests: XCTestCase {
    func testPriceAlertsAreRead() throws {
        let text = """
        [alerts]
        bell = true
        [[alerts.price]]
        symbol = "BTCUSDT"
        above = 70000
        [[alerts.price]]
        symbol = "ethusdt"
        below = 2999.5
        """
        let config = try ConfigFile.parse(text, file: "c.toml")
        XCTAssertTrue(config.alerts.bell)
        XCTAssertEqual(config.alerts.prices, [
            .configured(symbol: Symbol("BTCUSDT")!, side: .above, price: ExactDecimal(70_000)),
            .configured(symbol: Symbol("ETHUSDT")!, side: .below, price: ExactDecimal("2999.5")!),
        ])
    }

    func testMistakesAreOneSentenceNamingTheKey() {
        for (entry, fragment) in [
            ("symbol = \"BTCUSDT\"", "needs `symbol` and one of `above` or `below`"),
            ("symbol = \"BTCUSDT\"\nabove = 1\nbelow = 2", "needs `symbol` and one of `above` or `below`"),
            ("above = 70000", "needs `symbol`"),
            ("symbol = \"BTC-USDT\"\nabove = 1", "is not a symbol like BTCUSDT"),
            ("symbol = \"BTCUSDT\"\nabove = -5", "must be a positive price"),
            ("symbol = \"BTCUSDT\"\nabove = \"high\"", "must be a positive price"),
            ("symbol = \"BTCUSDT\"\nabove = 5\nrepeat = true", "`alerts.price.repeat` is not a setting thebot knows"),
        ] {
            let text = "[[alerts.price]]\n" + entry
            XCTAssertThrowsError(try ConfigFile.parse(text, file: "c.toml"), entry) { error in
                let sentence = "\(error)"
                XCTAssertTrue(sentence.contains(fragment), "\(entry): \(sentence)")
                XCTAssertTrue(sentence.hasPrefix("c.toml"), sentence)
                XCTAssertEqual(sentence.split(separator: "\n").count, 1, sentence)
            }
        }
    }
}
