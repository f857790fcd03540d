import Indicators
import Testing

/// TA-Lib parity where windows are flat or flat to the last few bits, at prices around 1e-8,
/// 1e-2 and 1e5: zero range, zero deviation and rounding residue that only looks like a
/// deviation (issue "TA-Lib parity on flat windows"). The fixtures are synthetic; see
/// Tests/Fixtures/oracle/make_flat.py and SOURCES.md.
@Suite("TA-Lib parity on flat windows")
struct FlatWindowParityTests {
    @Test("default list matches TA-Lib on flat and nearly flat series", arguments: [0, 1, 2])
    func defaultListMatches(_ which: Int) {
        let (name, ref) = Fixtures.flat[which]
        let (columns, values) = batchColumns(IndicatorSpec.defaultList, ref.bars)
        #expect(columns == Array(ref.header.dropFirst(6)))
        for (k, column) in columns.enumerated() {
            let expected = ref.columns[column] ?? []
            #expect(!expected.isEmpty, "\(name): reference has \(column)")
            if let problem = firstScaledMismatch(values[k], expected) {
                Issue.record("\(name) \(column): \(problem)")
            }
        }
    }

    @Test("the slow reference agrees with TA-Lib on flat and nearly flat series", arguments: [0, 1, 2])
    func slowReferenceMatches(_ which: Int) {
        let (name, ref) = Fixtures.flat[which]
        for spec in IndicatorSpec.defaultList {
            let outputs = SlowReference.columns(spec, ref.bars)
            for (column, values) in zip(spec.columnNames, outputs) {
                if let problem = firstScaledMismatch(values, ref.columns[column] ?? []) {
                    Issue.record("slow reference, \(name) \(column): \(problem)")
                }
            }
        }
    }

    /// `PARAM_SPEC` in make_flat.py: short windows, where ADX(2)'s decaying DM reaches the
    /// zero bands within a few bars.
    static let parameterList = "cci(7),cci(2),willr(3),willr(2),mfi(5),mfi(2),stoch(5,3,4),stoch(9,1,1),stoch(3,5,2),"
        + "rsi(2),rsi(30),adx(5),adx(3),adx(2),bbands(10,1.5,2.5),roc(1)"
    static let parameterFiles = ["flat_1em8_params.csv", "flat_1em2_params.csv", "flat_1e5_params.csv"]

    @Test("non-default parameters match TA-Lib on flat and nearly flat series", arguments: [0, 1, 2])
    func parametersMatch(_ which: Int) throws {
        let ref = Fixtures.loadReference(Self.parameterFiles[which])
        let specs = try IndicatorSpec.parseList(Self.parameterList)
        let (columns, values) = batchColumns(specs, ref.bars)
        #expect(columns == Array(ref.header.dropFirst(6)))
        for (k, column) in columns.enumerated() {
            let expected = ref.columns[column] ?? []
            #expect(!expected.isEmpty, "reference has \(column)")
            if let problem = firstScaledMismatch(values[k], expected) {
                Issue.record("\(Self.parameterFiles[which]) \(column): \(problem)")
            }
        }
        for spec in specs {
            for (column, slow) in zip(spec.columnNames, SlowReference.columns(spec, ref.bars)) {
                if let problem = firstScaledMismatch(slow, ref.columns[column] ?? []) {
                    Issue.record("slow reference, \(Self.parameterFiles[which]) \(column): \(problem)")
                }
            }
        }
    }
}
