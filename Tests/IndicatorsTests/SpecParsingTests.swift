import Indicators
import Testing

@Suite("indicator spec syntax")
struct SpecParsingTests {
    @Test("every indicator parses and its description re-parses to itself",
          arguments: ["sma(20)", "ema(12)", "wma(10)", "rsi(14)", "roc(10)", "macd(12,26,9)", "bbands(20,2,2)",
                      "bbands(10,1.5,2.5)", "bbands(20,-1,0.25)", "atr(14)", "adx(14)", "cci(20)", "willr(14)",
                      "mfi(14)", "stoch(14,3,3)", "obv", "vwap", "svwap", "roc(1)", "atr(1)", "stoch(1,1,1)", "macd(2,2,1)"])
    func roundTrip(_ text: String) throws {
        let spec = try IndicatorSpec(parsing: text)
        #expect(spec.description == text)
        #expect(try IndicatorSpec(parsing: spec.description) == spec)
    }

    @Test("spacing, case and omitted parameters")
    func lenientForms() throws {
        #expect(try IndicatorSpec(parsing: " MACD( 12 , 26 , 9 ) ") == .macd(fast: 12, slow: 26, signal: 9))
        #expect(try IndicatorSpec(parsing: "rsi") == .rsi(period: 14))
        #expect(try IndicatorSpec(parsing: "rsi()") == .rsi(period: 14))
        #expect(try IndicatorSpec(parsing: "macd") == .macd(fast: 12, slow: 26, signal: 9))
        #expect(try IndicatorSpec(parsing: "bbands") == .bbands(period: 20, up: 2, down: 2))
        #expect(try IndicatorSpec(parsing: "stoch") == .stoch(fastK: 14, slowK: 3, slowD: 3))
        #expect(try IndicatorSpec(parsing: "bbands(20,2.0,2)").description == "bbands(20,2,2)")
    }

    @Test("lists split only at top-level commas")
    func lists() throws {
        let specs = try IndicatorSpec.parseList("sma(20), macd(12,26,9) ,obv,bbands(10,1.5,2.5)")
        #expect(specs == [.sma(period: 20), .macd(fast: 12, slow: 26, signal: 9), .obv,
                          .bbands(period: 10, up: 1.5, down: 2.5)])
        #expect(IndicatorSpec.defaultList.map(\.description).joined(separator: ",") == IndicatorSpec.defaultListText)
    }

    @Test("column names follow the output contract")
    func columnNames() throws {
        let names = try IndicatorSpec.parseList("sma(20),macd(12,26,9),bbands(10,1.5,2.5),stoch(14,3,3),obv,vwap,svwap")
            .flatMap(\.columnNames)
        #expect(names == ["sma_20", "macd_12_26_9", "macd_signal_12_26_9", "macd_hist_12_26_9",
                          "bb_upper_10_1p5_2p5", "bb_middle_10_1p5_2p5", "bb_lower_10_1p5_2p5",
                          "stoch_k_14_3_3", "stoch_d_14_3_3", "obv", "vwap", "svwap"])
    }

    struct Bad: Sendable, CustomStringConvertible {
        let list: String
        let error: IndicatorSpecError
        let mentions: String
        var description: String { list }
    }

    static let bad: [Bad] = [
        Bad(list: "foo(3)", error: .unknownIndicator(item: "foo(3)"), mentions: "foo(3)"),
        Bad(list: "sma(20),foo", error: .unknownIndicator(item: "foo"), mentions: "'foo'"),
        Bad(list: "ema(0)", error: .outOfRange(item: "ema(0)", parameter: "period", minimum: 2, maximum: 100_000, got: "0"), mentions: "ema(0)"),
        Bad(list: "ema(-3)", error: .outOfRange(item: "ema(-3)", parameter: "period", minimum: 2, maximum: 100_000, got: "-3"), mentions: "ema(-3)"),
        Bad(list: "roc(0)", error: .outOfRange(item: "roc(0)", parameter: "period", minimum: 1, maximum: 100_000, got: "0"), mentions: "between 1 and"),
        Bad(list: "sma(1000001)", error: .outOfRange(item: "sma(1000001)", parameter: "period", minimum: 2, maximum: 100_000, got: "1000001"), mentions: "sma(1000001)"),
        Bad(list: "bbands(20,x,2)", error: .notANumber(item: "bbands(20,x,2)", parameter: "upper deviations", text: "x"), mentions: "bbands(20,x,2)"),
        Bad(list: "bbands(20,nan,2)", error: .notANumber(item: "bbands(20,nan,2)", parameter: "upper deviations", text: "nan"), mentions: "'nan'"),
        Bad(list: "ema(1.5)", error: .notAWholeNumber(item: "ema(1.5)", parameter: "period", text: "1.5"), mentions: "whole number"),
        Bad(list: "ema(x)", error: .notANumber(item: "ema(x)", parameter: "period", text: "x"), mentions: "ema(x)"),
        Bad(list: "macd(12,26)", error: .wrongParameterCount(item: "macd(12,26)", expected: "3 parameters (fast period, slow period, signal period)", got: 2), mentions: "macd(12,26)"),
        Bad(list: "sma(20,3)", error: .wrongParameterCount(item: "sma(20,3)", expected: "1 parameter (period)", got: 2), mentions: "sma(20,3)"),
        Bad(list: "obv(3)", error: .wrongParameterCount(item: "obv(3)", expected: "no parameters", got: 1), mentions: "obv(3)"),
        Bad(list: "macd(12,26,9", error: .unbalancedParentheses(item: "macd(12,26,9"), mentions: "macd(12,26,9"),
        Bad(list: "sma(20),ema(12", error: .unbalancedParentheses(item: "ema(12"), mentions: "ema(12"),
        Bad(list: "sma 20)", error: .unbalancedParentheses(item: "sma 20)"), mentions: "sma 20)"),
        Bad(list: "sma((20))", error: .malformed(item: "sma((20))"), mentions: "sma((20))"),
        Bad(list: "sma(20)x", error: .malformed(item: "sma(20)x"), mentions: "sma(20)x"),
        Bad(list: "(20)", error: .malformed(item: "(20)"), mentions: "(20)"),
        Bad(list: "", error: .emptyList, mentions: "empty"),
        Bad(list: "sma(20),,obv", error: .emptyItem(list: "sma(20),,obv"), mentions: "sma(20),,obv"),
        Bad(list: "ema(12),ema(12)", error: .duplicate(item: "ema(12)"), mentions: "ema(12)"),
    ]

    @Test("bad specs give a typed, one-sentence error naming the item", arguments: bad)
    func badSpecs(_ bad: Bad) {
        #expect(throws: bad.error) { try IndicatorSpec.parseList(bad.list) }
        let message = bad.error.description
        #expect(message.contains(bad.mentions), "\(message)")
        #expect(message.hasSuffix("."))
        #expect(!message.dropLast().contains(". "), "one sentence: \(message)")
    }
}
