import Indicators
import Testing

/// Parity with TA-Lib's own output on real candles: every column, every row, NaN positions.
@Suite("TA-Lib reference parity")
struct OracleParityTests {
    static let references: [(name: String, reference: Fixtures.Reference)] = [
        ("daily", Fixtures.daily), ("hourly", Fixtures.hourly),
    ]

    @Test("default list matches the reference CSVs", arguments: [0, 1])
    func defaultListMatches(_ which: Int) {
        let (name, ref) = Self.references[which]
        let (columns, values) = batchColumns(IndicatorSpec.defaultList, ref.bars)
        #expect(columns == Array(ref.header.dropFirst(6)), "column names and order follow the contract")
        for (k, column) in columns.enumerated() {
            let expected = ref.columns[column] ?? []
            #expect(!expected.isEmpty, "\(name): reference has \(column)")
            if let problem = firstMismatch(values[k], expected) {
                Issue.record("\(name) \(column): \(problem)")
            }
        }
    }

    @Test("first non-NaN rows are where CONVENTIONS.md says")
    func warmUpRows() {
        let (columns, values) = batchColumns(IndicatorSpec.defaultList, Fixtures.daily.bars)
        let expectedFirst: [String: Int] = [
            "sma_20": 19, "ema_12": 11, "ema_26": 25, "wma_10": 9, "rsi_14": 14, "roc_10": 10,
            "macd_12_26_9": 33, "macd_signal_12_26_9": 33, "macd_hist_12_26_9": 33,
            "bb_upper_20_2_2": 19, "atr_14": 14, "adx_14": 27, "cci_20": 19, "willr_14": 13,
            "mfi_14": 14, "stoch_k_14_3_3": 17, "stoch_d_14_3_3": 17, "obv": 0, "vwap": 0,
        ]
        for (column, row) in expectedFirst {
            let k = columns.firstIndex(of: column)!
            #expect(values[k].firstIndex { !$0.isNaN } == row, "\(column)")
        }
    }

    /// The slow reference is what the non-default parameter tests trust, so it must itself
    /// agree with TA-Lib wherever TA-Lib output exists.
    @Test("the slow reference agrees with TA-Lib on the default list", arguments: [0, 1])
    func slowReferenceMatches(_ which: Int) {
        let (name, ref) = Self.references[which]
        for spec in IndicatorSpec.defaultList {
            let outputs = SlowReference.columns(spec, ref.bars)
            for (column, values) in zip(spec.columnNames, outputs) {
                if let problem = firstMismatch(values, ref.columns[column] ?? []) {
                    Issue.record("slow reference, \(name) \(column): \(problem)")
                }
            }
        }
    }
}
