import XCTest
@testable import App

/// `[flow] large_trade_percentile`: which trades the tape highlights.
final class ConfigFlowTests: XCTestCase {
    func testThePercentileIsReadAndCheckedInOneSentence() throws {
        XCTAssertEqual(try ConfigFile.parse("[flow]\nlarge_trade_percentile = 99", file: "c.toml").largeTradePercentile, 99)
        XCTAssertEqual(try ConfigFile.parse("[flow]\nlarge_trade_percentile = 97.5", file: "c.toml").largeTradePercentile, 97.5)
        XCTAssertEqual(try ConfigFile.parse("", file: "c.toml").largeTradePercentile, 95)
        for (text, fragment) in [
            ("[flow]\nlarge_trade_percentile = 20", "`flow.large_trade_percentile` must be a number from 50 to 100"),
            ("[flow]\nlarge_trade_percentile = \"high\"", "`flow.large_trade_percentile` must be a number from 50 to 100"),
            ("[flow]\nbig = 1", "`flow.big` is not a setting thebot knows"),
            ("flow = 3", "`flow` must be a table"),
        ] {
            XCTAssertThrowsError(try ConfigFile.parse(text, file: "c.toml")) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(text): \(error)")
                XCTAssertEqual("\(error)".split(separator: "\n").count, 1)
            }
        }
    }
}
