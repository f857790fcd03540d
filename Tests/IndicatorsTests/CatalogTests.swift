import Foundation
import Indicators
import Testing

@Suite("indicator catalog")
struct CatalogTests {
    static let entryNames = IndicatorCatalog.names

    @Test("every study has an entry, and every entry a name of its own")
    func oneEntryPerIndicator() {
        let names = IndicatorCatalog.names
        #expect(Set(names).count == names.count, "a name listed twice: \(names)")
        for entry in IndicatorCatalog.entries {
            #expect(IndicatorCatalog.entry(named: entry.name) === entry)
            #expect(entry.name.allSatisfy { $0.isLowercase && $0.isLetter }, "the parser lowercases names: \(entry.name)")
        }
        // The studies in Sources/Indicators/Studies: a study without an entry cannot be used.
        let studies: [any Indicator.Type] = [SMA.self, EMA.self, WMA.self, RSI.self, ROC.self, MACD.self,
                                             BollingerBands.self, ATR.self, ADX.self, CCI.self, WilliamsR.self,
                                             MFI.self, Stochastic.self, OBV.self, VWAP.self]
        let built = Set(IndicatorCatalog.entries.map { ObjectIdentifier(type(of: $0.defaultSpec.makeIndicator())) })
        #expect(built == Set(studies.map { ObjectIdentifier($0) }))
    }

    @Test("every entry parses from its name, and its default spec round-trips", arguments: entryNames)
    func parsesByName(_ name: String) throws {
        let entry = try #require(IndicatorCatalog.entry(named: name))
        let spec = try IndicatorSpec(parsing: name)
        #expect(spec.entry === entry)
        #expect(spec == entry.defaultSpec)
        #expect(try IndicatorSpec(parsing: spec.description) == spec)
        #expect(try IndicatorSpec(parsing: name.uppercased()) == spec)
    }

    @Test("outputs match the slots the study writes", arguments: entryNames)
    func outputCountMatchesStudy(_ name: String) throws {
        let entry = try #require(IndicatorCatalog.entry(named: name))
        let spec = entry.defaultSpec
        #expect(spec.makeIndicator().outputCount == entry.outputs.count)
        #expect(spec.columnNames.count == entry.outputs.count)
        #expect(spec.outputLabels.count == entry.outputs.count)
        #expect(Set(entry.outputs.map(\.name)).count == entry.outputs.count, "output names are unique")

        // A neighbour on each side (no default spec is either): a study writing outside its
        // slots would change theirs.
        let before = IndicatorSpec.sma(period: 3), after = IndicatorSpec.ema(period: 5)
        let bars = Fixtures.daily.bars
        let (columns, values) = batchColumns([before, spec, after], bars)
        #expect(Array(columns.dropFirst().dropLast()) == spec.columnNames)
        #expect(identical(values[0], batchColumns([before], bars).columns[0]), "\(name) wrote before its slots")
        #expect(identical(values[values.count - 1], batchColumns([after], bars).columns[0]), "\(name) wrote after its slots")
        let set = IndicatorSet(specs: [spec], history: bars)
        #expect(set.slots(of: spec) == 0..<entry.outputs.count)
        for (column, value) in zip(set.columns, set.values) {
            #expect(value.isFinite, "\(column) has a value after \(bars.count) bars")
        }
        #expect(SlowReference.columns(spec, bars).count == entry.outputs.count, "\(name) has a slow reference")
    }

    struct Bound: Sendable, CustomStringConvertible {
        let entry: String
        let parameter: Int
        var description: String { "\(entry) #\(parameter)" }
    }

    static let wholeParameters: [Bound] = IndicatorCatalog.entries.flatMap { entry in
        entry.parameters.indices.compactMap { i in
            if case .whole = entry.parameters[i].kind { Bound(entry: entry.name, parameter: i) } else { nil }
        }
    }

    /// `entry(…)` with every parameter at its default except `index`, written as `text`.
    static func item(_ entry: IndicatorEntry, _ index: Int, _ text: String) -> String {
        let texts = entry.parameters.enumerated().map { i, p in i == index ? text : p.defaultText }
        return "\(entry.name)(\(texts.joined(separator: ",")))"
    }

    @Test("whole-number parameters accept their range and nothing outside it, in the catalog's words",
          arguments: wholeParameters)
    func rangesAreEnforced(_ bound: Bound) throws {
        let entry = try #require(IndicatorCatalog.entry(named: bound.entry))
        let parameter = entry.parameters[bound.parameter]
        guard case .whole(let range) = parameter.kind else { Issue.record("not whole"); return }
        #expect(range.contains(Int(parameter.defaultValue)), "the default is in range")
        #expect(range.upperBound == IndicatorParameter.maximumPeriod)
        for n in [range.lowerBound, range.upperBound] {
            let spec = try IndicatorSpec(parsing: Self.item(entry, bound.parameter, "\(n)"))
            #expect(spec.parameters[bound.parameter] == Double(n))
        }
        for n in [range.lowerBound - 1, range.upperBound + 1] {
            let item = Self.item(entry, bound.parameter, "\(n)")
            #expect(throws: IndicatorSpecError.outOfRange(item: item, parameter: parameter.name, minimum: range.lowerBound,
                                                          maximum: range.upperBound, got: "\(n)")) {
                try IndicatorSpec(parsing: item)
            }
            let sentence = IndicatorSpecError.outOfRange(item: item, parameter: parameter.name, minimum: range.lowerBound,
                                                         maximum: range.upperBound, got: "\(n)").description
            #expect(sentence == "Indicator '\(item)': \(parameter.name) must be \(try #require(parameter.acceptedRange)), not \(n).")
        }
    }

    @Test("decimal parameters take any finite number")
    func decimalsAreFinite() throws {
        let entry = IndicatorCatalog.bbands
        #expect(try IndicatorSpec(parsing: Self.item(entry, 1, "-0.5")).parameters[1] == -0.5)
        for text in ["inf", "nan", "two"] {
            let item = Self.item(entry, 2, text)
            #expect(throws: IndicatorSpecError.notANumber(item: item, parameter: "lower deviations", text: text)) {
                try IndicatorSpec(parsing: item)
            }
        }
    }

    static let multiOutput = IndicatorCatalog.entries.filter { $0.outputs.count > 1 }.map(\.name)

    @Test("CSV columns, table labels and rule operands are spelled from the same output names",
          arguments: multiOutput)
    func oneNamingScheme(_ name: String) throws {
        let spec = try #require(IndicatorCatalog.entry(named: name)).defaultSpec
        let suffix = "_" + spec.description.dropFirst(spec.name.count + 1).dropLast()
            .replacingOccurrences(of: ",", with: "_").replacingOccurrences(of: ".", with: "p")
        for (i, output) in spec.outputs.enumerated() {
            let stem = output.bareColumn ? spec.entry.columnStem : "\(spec.entry.columnStem)_\(output.name)"
            #expect(spec.columnNames[i] == stem + suffix)
            #expect(spec.outputLabels[i] == "\(spec) \(output.name)")
            #expect(spec.operand(output: i) == "\(spec).\(output.name)")
            #expect(spec.outputIndex(named: output.name) == i)
            #expect(spec.outputIndex(named: output.name.uppercased()) == i)
            for other in output.alsoAccepted {
                #expect(spec.outputIndex(named: other) == i, "\(other) selects \(output.name)")
            }
        }
        #expect(spec.outputIndex(named: "nonesuch") == nil)
    }

    @Test("the documented names: CSV columns, labels and operands of MACD, Bollinger bands and the stochastic")
    func documentedNames() {
        let macd = IndicatorSpec.macd(fast: 12, slow: 26, signal: 9)
        #expect(macd.columnNames == ["macd_12_26_9", "macd_signal_12_26_9", "macd_hist_12_26_9"])
        #expect(macd.outputLabels == ["macd(12,26,9) line", "macd(12,26,9) signal", "macd(12,26,9) hist"])
        #expect(macd.outputs.indices.map { macd.operand(output: $0) }
            == ["macd(12,26,9).line", "macd(12,26,9).signal", "macd(12,26,9).hist"])
        let bands = IndicatorSpec.bbands(period: 10, up: 1.5, down: 2.5)
        #expect(bands.columnNames == ["bb_upper_10_1p5_2p5", "bb_middle_10_1p5_2p5", "bb_lower_10_1p5_2p5"])
        #expect(bands.operand(output: 2) == "bbands(10,1.5,2.5).lower")
        let stoch = IndicatorSpec.stoch(fastK: 14, slowK: 3, slowD: 3)
        #expect(stoch.columnNames == ["stoch_k_14_3_3", "stoch_d_14_3_3"])
        #expect(stoch.outputLabels == ["stoch(14,3,3) k", "stoch(14,3,3) d"])
        let rsi = IndicatorSpec.rsi(period: 14)
        #expect(rsi.columnNames == ["rsi_14"])
        #expect(rsi.outputLabels == ["rsi(14)"])
        #expect(rsi.operand(output: 0) == "rsi(14)")
    }

    @Test("drawing needs the outputs it draws")
    func drawingFitsOutputs() {
        for entry in IndicatorCatalog.entries {
            switch entry.drawing {
            case .overlay:
                #expect(entry.valueKind == .price, "\(entry.name) overlays the candles, so its values are prices")
            case .band:
                #expect(entry.outputs.count == 3 && entry.valueKind == .price, "\(entry.name): upper, middle, lower prices")
            case .pane(.fixed(let low, let high, let guides)):
                #expect(low < high && guides.allSatisfy { low < $0 && $0 < high }, "\(entry.name): guides inside the range")
            case .pane(.fitted), .tableOnly:
                break
            }
        }
    }

    @Test("readings: zones, sign and the close against the value")
    func readings() {
        let rsi = IndicatorCatalog.rsi.outputs[0].reading
        #expect(rsi.stance(value: 25, close: 100) == .bullish)
        #expect(rsi.stance(value: 75, close: 100) == .bearish)
        #expect(rsi.stance(value: 50, close: 100) == .neutral)
        let willr = IndicatorCatalog.willr.outputs[0].reading
        #expect(willr.stance(value: -90, close: 1) == .bullish)
        #expect(willr.stance(value: -10, close: 1) == .bearish)
        let sma = IndicatorCatalog.sma.outputs[0].reading
        #expect(sma.stance(value: 99, close: 100) == .bullish)
        #expect(sma.stance(value: 101, close: 100) == .bearish)
        #expect(sma.stance(value: 101, close: .nan) == .neutral, "no close yet")
        let bands = IndicatorCatalog.bbands.outputs.map(\.reading)
        #expect(bands.map { $0.stance(value: 100, close: 105) } == [.bearish, .bullish, .neutral])
        #expect(bands.map { $0.stance(value: 100, close: 95) } == [.neutral, .bearish, .bullish])
        let hist = IndicatorCatalog.macd.outputs[2].reading
        #expect(hist.stance(value: -0.1, close: 1) == .bearish)
        #expect(IndicatorCatalog.adx.outputs[0].reading.stance(value: 60, close: 1) == .neutral)
    }
}
