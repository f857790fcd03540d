import Indicators
import MarketModel
import XCTest
@testable import Signals

final class ExpressionTests: XCTestCase {
    typealias F = SeriesFixture

    private func parse(_ text: String) throws -> RuleExpression {
        try RuleExpression(parsing: text, rule: "r")
    }

    private func error(_ text: String, rule: String = "dip") -> String {
        do {
            let e = try RuleExpression(parsing: text, rule: rule)
            return "parsed as \(e)"
        } catch {
            return error.description
        }
    }

    func testGoodRulesParseToTheExpectedTree() throws {
        XCTAssertEqual(try parse("rsi(14) < 30 and close > ema(50)"),
                       .and(.compare(.indicator(.rsi(period: 14), output: 0), .less, .number(30)),
                            .compare(.field(.close), .greater, .indicator(.ema(period: 50), output: 0))))
        XCTAssertEqual(try parse("macd(12,26,9).signal >= -0.5"),
                       .compare(.indicator(.macd(fast: 12, slow: 26, signal: 9), output: 1), .greaterOrEqual, .number(-0.5)))
        XCTAssertEqual(try parse("close crosses above bbands(20,2,2).upper"),
                       .crossesAbove(.field(.close), .indicator(.bbands(period: 20, up: 2, down: 2), output: 0)))
        XCTAssertEqual(try parse("stoch(14,3,3).k crosses below stoch(14,3,3).d"),
                       .crossesBelow(.indicator(.stoch(fastK: 14, slowK: 3, slowD: 3), output: 0),
                                     .indicator(.stoch(fastK: 14, slowK: 3, slowD: 3), output: 1)))
        XCTAssertEqual(try parse("obv > 0"), .compare(.indicator(.obv, output: 0), .greater, .number(0)))
    }

    /// A rule names an output as the catalog does, so the operand, the CSV column and the
    /// monitor's label of one output share its name.
    func testOperandsUseTheCatalogsOutputNames() throws {
        for entry in IndicatorCatalog.entries where entry.outputs.count > 1 {
            let spec = entry.defaultSpec
            for (index, output) in entry.outputs.enumerated() {
                let operand = RuleOperand.indicator(spec, output: index)
                XCTAssertEqual(operand.description, "\(spec).\(output.name)")
                XCTAssertEqual(try parse("\(operand) > 0"), .compare(operand, .greater, .number(0)))
                XCTAssertTrue(spec.columnNames[index].hasPrefix(entry.columnStem), spec.columnNames[index])
                XCTAssertEqual(spec.outputLabels[index], "\(spec) \(output.name)")
                for other in output.alsoAccepted {
                    XCTAssertEqual(try parse("\(spec).\(other) > 0"), .compare(operand, .greater, .number(0)), other)
                }
            }
            XCTAssertEqual(RuleOperand.outputNames(of: spec), entry.outputs.map(\.name))
        }
        XCTAssertNil(RuleOperand.outputNames(of: .rsi(period: 14)))
        XCTAssertEqual(RuleOperand.indicator(.rsi(period: 14), output: 0).description, "rsi(14)")
    }

    func testPrecedenceAndParenthesesRoundTrip() throws {
        // and binds tighter than or; not binds tightest.
        let e = try parse("not close > 1 or volume <= 2 and high < 3")
        XCTAssertEqual(e, .or(.not(.compare(.field(.close), .greater, .number(1))),
                              .and(.compare(.field(.volume), .lessOrEqual, .number(2)),
                                   .compare(.field(.high), .less, .number(3)))))
        let grouped = try parse("( close > 1 or low < 2 ) AND NOT (open >= 3)")
        XCTAssertEqual(grouped.description, "(close > 1 or low < 2) and not open >= 3")
        XCTAssertEqual(try parse(grouped.description), grouped)
        XCTAssertEqual(try parse("MACD( 12 , 26 , 9 ).hist < 0").description, "macd(12,26,9).hist < 0")
    }

    /// Found by the rules fuzz harness: a chain grouped on the right printed without its
    /// parentheses, and the printed rule read back grouped on the left (a different tree).
    func testAChainGroupedOnTheRightKeepsItsParentheses() throws {
        let cases = [
            ("rsi< 30 and close< 30 and close   <0 and(close< 30 and 1>30 and close< 30 and close   <0)",
             "rsi(14) < 30 and close < 30 and close < 0 and (close < 30 and 1 > 30 and close < 30 and close < 0)"),
            ("close > 1 or (low < 2 or high > 3)", "close > 1 or (low < 2 or high > 3)"),
            ("(close > 1 and low < 2) and high > 3", "close > 1 and low < 2 and high > 3"),
            ("close > 1 or low < 2 and high > 3", "close > 1 or low < 2 and high > 3"),
        ]
        for (source, printed) in cases {
            let e = try parse(source)
            XCTAssertEqual(e.description, printed, source)
            XCTAssertEqual(try parse(e.description), e, "\(source) prints back as itself")
        }
    }

    func testBadRulesExplainThemselvesInOneSentence() {
        XCTAssertEqual(error(""), "Rule 'dip': the condition is empty.")
        XCTAssertEqual(error("rsi(14)"), "Rule 'dip': expected a comparison (<, <=, >, >=, crosses above or crosses below) after 'rsi(14)'.")
        XCTAssertEqual(error("rsi(14) = 30"), "Rule 'dip': '=' is not a comparison; use <, <=, > or >= at column 9.")
        XCTAssertEqual(error("rsi(14) < "), "Rule 'dip': expected a number, a price field or an indicator at the end.")
        XCTAssertEqual(error("price > 3"), "Rule 'dip': unknown name 'price'; use a number, open, high, low, close, volume or an indicator such as rsi(14) at column 1.")
        XCTAssertEqual(error("macd(12,26,9) > 0"), "Rule 'dip': 'macd(12,26,9)' has several outputs; write macd(12,26,9).line or another of .line, .signal, .hist at column 1.")
        XCTAssertEqual(error("bbands(20,2,2).top > close"), "Rule 'dip': 'bbands(20,2,2)' has no output 'top'; use .upper, .middle, .lower at column 1.")
        XCTAssertEqual(error("rsi(14).k > 3"), "Rule 'dip': 'rsi(14)' has a single output, so '.k' does not apply at column 1.")
        XCTAssertEqual(error("rsi(1) < 30"), "Rule 'dip': indicator 'rsi(1)': period must be between 2 and 100000 (TA-Lib's range), not 1 at column 1.")
        XCTAssertEqual(error("(close > 3"), "Rule 'dip': the '(' at column 1 is never closed.")
        XCTAssertEqual(error("close > 3)"), "Rule 'dip': unexpected ')' after a complete condition at column 10.")
        XCTAssertEqual(error("close crosses 3"), "Rule 'dip': 'crosses' must be followed by 'above' or 'below' at column 15.")
        XCTAssertEqual(error("close > and"), "Rule 'dip': expected a number, a price field or an indicator before 'and' at column 9.")
        XCTAssertEqual(error("rsi(14 < 30"), "Rule 'dip': 'rsi(14 < 30' is missing its ')' at column 1.")
        XCTAssertEqual(error("close > 1..2"), "Rule 'dip': '1..2' is not a number at column 9.")
        XCTAssertThrowsError(try SignalRule.expression(name: "x", "close >")) {
            XCTAssertEqual(($0 as? SignalRuleError)?.description, "Rule 'x': expected a number, a price field or an indicator at the end.")
        }
    }

    func testExpressionRuleFiresWhenItBecomesTrue() throws {
        let rule = try SignalRule.expression(name: "above100", "close > 100 and volume >= 100", direction: .bullish, strength: 0.7)
        let closes: [Double] = [99, 98, 101, 102, 99, 101, 103]
        XCTAssertEqual(F.describe(F.fire(rule, F.candles(closes))), "2:bullish 5:bullish")
    }

    func testCrossesUsesThePreviousClosedBar() throws {
        let rule = try SignalRule.expression(name: "x", "close crosses below sma(2)", direction: .bearish)
        // sma(2) from bar 1; close vs sma: 1: 11 > 10.5, 2: 12 > 11.5, 3: 10 < 11 (cross), 4: 9 < 9.5, 5: 12 > 10.5, 6: 10 < 11 (cross)
        let closes: [Double] = [10, 11, 12, 10, 9, 12, 10]
        XCTAssertEqual(F.describe(F.fire(rule, F.candles(closes))), "3:bearish 6:bearish")
        var aggregator = SignalAggregator(rules: [rule])
        let signals = F.candles(closes).flatMap { aggregator.update($0) }
        XCTAssertEqual(signals.first?.reason, "close crosses below sma(2) became true (close=10, sma(2)=11).")
    }

    func testIndicatorOperandsReadTheRightOutputs() throws {
        // bbands(2,1,1) of [10, 12]: middle 11, sigma 1, upper 12, lower 10.
        let upper = try SignalRule.expression(name: "u", "bbands(2,1,1).upper >= 12 and bbands(2,1,1).lower <= 10 and bbands(2,1,1).middle > 10.9")
        XCTAssertEqual(F.describe(F.fire(upper, F.candles([10, 12]))), "1:neutral")
        let nanNeverHolds = try SignalRule.expression(name: "n", "rsi(14) < 1000")
        XCTAssertEqual(F.fire(nanNeverHolds, F.candles([1, 2, 3])).count, 0, "a warming indicator makes comparisons false")
    }

    /// Found by `make fuzz` (the rules harness): a number with more digits than eight decimals
    /// keep printed back rounded, and the canonical form was a different rule.
    func testNumbersPrintBackToTheSameValue() throws {
        for source in ["1>025555555.555555555555555555555", "close > 0.000000000123", "rsi(14) < 30", "volume > 1000",
                       "close < 0.1", "close > 123456789.87654321"] {
            let rule = try RuleExpression(parsing: source, rule: "r")
            XCTAssertEqual(try RuleExpression(parsing: rule.description, rule: "r"), rule, "\(source) -> \(rule)")
        }
        XCTAssertEqual(try RuleExpression(parsing: "rsi(14) < 30", rule: "r").description, "rsi(14) < 30")
        XCTAssertEqual(try RuleExpression(parsing: "close < 0.1", rule: "r").description, "close < 0.1")
    }
}
