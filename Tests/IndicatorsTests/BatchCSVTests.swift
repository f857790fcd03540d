import Foundation
import Indicators
import Testing

@Suite("batch CSV tool")
struct BatchCSVTests {
    /// A fresh directory per test, removed afterwards.
    final class Scratch {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("indicator-batch-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func write(_ name: String, _ text: String) throws -> String {
            try text.write(toFile: path(name), atomically: true, encoding: .utf8)
            return path(name)
        }
        var entries: [String] { (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] }
    }

    static let small = """
        Date,Symbol,OPEN,High,Low,Close,Volume\r
        2021-01-01,BTC,100.50,101,99,100.0,10\r
        2021-01-02,BTC,100.0,103.25,100,102,12.5\r
        2021-01-03,BTC,102,102,97,98,0.00001\r
        2021-01-04T00:00:00Z,BTC,98,99,96,99,20\r

        """

    @Test("round trip on a small CSV: echoes inputs, names columns, values match the set")
    func roundTrip() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", Self.small)
        let output = scratch.path("out.csv")
        try IndicatorBatch.run(inputPath: input, indicators: "sma(3),obv,bbands(2,1.5,2.5)", outputPath: output)
        let table = CSVTable(try String(contentsOfFile: output, encoding: .utf8))
        #expect(table.header == ["open_time", "open", "high", "low", "close", "volume", "sma_3", "obv",
                                 "bb_upper_2_1p5_2p5", "bb_middle_2_1p5_2p5", "bb_lower_2_1p5_2p5"])
        #expect(table.strings("open_time") == ["1609459200000", "1609545600000", "1609632000000", "1609718400000"])
        #expect(table.strings("open") == ["100.50", "100.0", "102", "98"], "input text echoed verbatim")
        #expect(table.strings("volume") == ["10", "12.5", "0.00001", "20"])
        #expect(table.strings("sma_3")[0...1] == ["NaN", "NaN"])
        #expect(table.strings("obv") == ["10", "22.5", "22.49999", "42.49999"])
        let bars = table.rows.indices.map { i in
            Bar(openTime: 0, open: 0, high: table.column("high")[i], low: table.column("low")[i],
                close: table.column("close")[i], volume: table.column("volume")[i])
        }
        let (_, expected) = batchColumns([.sma(period: 3), .obv, .bbands(period: 2, up: 1.5, down: 2.5)], bars)
        for (k, name) in table.header.dropFirst(6).enumerated() {
            #expect(identical(table.column(name), expected[k]), "\(name) parses back to the exact doubles")
        }
        #expect(scratch.entries == ["in.csv", "out.csv"], "no temporary file left behind")
    }

    @Test("headerless Binance kline CSV parses and matches the TA-Lib rows for the same candles")
    func binanceHeaderless() throws {
        let text = try Fixtures.text("klines_btcusdt_1h_2021Q1_head48.csv")
        let table = CSVTable(try IndicatorBatch.render(csv: text, indicators: nil))
        #expect(table.rows.count == 48)
        #expect(table.strings("open")[0] == "28923.63000000")
        let reference = Fixtures.hourly
        for name in table.header.dropFirst(6) {
            let expected = Array((reference.columns[name] ?? []).prefix(48))
            if let problem = firstMismatch(table.column(name), expected) {
                Issue.record("\(name): \(problem)")
            }
        }
        #expect(identical(table.column("open_time"), reference.bars.prefix(48).map { Double($0.openTime) }))
    }

    @Test("the default list on a reference file reproduces it", arguments: ["btcusdt_1d_default.csv", "btcusdt_1h_default.csv"])
    func referenceFiles(_ name: String) throws {
        let scratch = try Scratch()
        let output = scratch.path("out.csv")
        try IndicatorBatch.run(inputPath: Fixtures.url(name).path, indicators: nil, outputPath: output)
        let produced = CSVTable(try String(contentsOfFile: output, encoding: .utf8))
        let reference = CSVTable(try Fixtures.text(name))
        #expect(produced.header == reference.header)
        #expect(produced.rows.count == reference.rows.count)
        for column in reference.header {
            if let problem = firstMismatch(produced.column(column), reference.column(column)) {
                Issue.record("\(name) \(column): \(problem)")
            }
        }
        #expect(produced.strings("close") == reference.strings("close"))
    }

    struct BadInput: Sendable, CustomStringConvertible {
        let name: String
        let csv: String?
        let indicators: String?
        let expected: @Sendable (String) -> IndicatorBatchError
        let mentions: String
        var description: String { name }
    }

    static let header = "open_time,open,high,low,close,volume\n"
    static let badInputs: [BadInput] = [
        BadInput(name: "missing file", csv: nil, indicators: nil, expected: { .inputNotFound(path: $0) }, mentions: "does not exist"),
        BadInput(name: "empty file", csv: "", indicators: nil, expected: { .emptyInput(path: $0) }, mentions: "is empty"),
        BadInput(name: "blank file", csv: "\n \n", indicators: nil, expected: { .emptyInput(path: $0) }, mentions: "is empty"),
        BadInput(name: "header only", csv: header, indicators: nil, expected: { .noDataRows(path: $0) }, mentions: "no candle rows"),
        BadInput(name: "missing column", csv: "open_time,open,high,low,close\n1,1,1,1,1\n", indicators: nil,
                 expected: { .missingColumn(path: $0, column: "volume") }, mentions: "'volume'"),
        BadInput(name: "missing time column", csv: "time,open,high,low,close,volume\n1,1,1,1,1,1\n", indicators: nil,
                 expected: { .missingColumn(path: $0, column: "open_time' or 'date") }, mentions: "'open_time' or 'date'"),
        BadInput(name: "non-numeric field", csv: header + "1,1,2,0.5,1,3\n2,1,2,abc,1,3\n", indicators: nil,
                 expected: { _ in .notANumber(line: 3, column: "low", text: "abc") }, mentions: "Line 3"),
        BadInput(name: "NaN field", csv: header + "1,1,2,0.5,nan,3\n", indicators: nil,
                 expected: { _ in .notANumber(line: 2, column: "close", text: "nan") }, mentions: "Line 2"),
        BadInput(name: "short row", csv: header + "1,1,2,0.5\n", indicators: nil,
                 expected: { _ in .shortRow(line: 2, expected: 6, got: 4) }, mentions: "Line 2"),
        BadInput(name: "bad date", csv: "date,open,high,low,close,volume\n2021-02-30,1,1,1,1,1\n", indicators: nil,
                 expected: { _ in .badTimestamp(line: 2, column: "date", text: "2021-02-30") }, mentions: "2021-02-30"),
        BadInput(name: "bad open_time", csv: header + "soon,1,1,1,1,1\n", indicators: nil,
                 expected: { _ in .badTimestamp(line: 2, column: "open_time", text: "soon") }, mentions: "'soon'"),
        BadInput(name: "unsorted", csv: header + "2000,1,1,1,1,1\n1000,1,1,1,1,1\n", indicators: nil,
                 expected: { _ in .timeGoesBack(line: 3, time: 1000, previous: 2000) }, mentions: "Line 3"),
        BadInput(name: "duplicate", csv: header + "1000,1,1,1,1,1\n\n1000,1,1,1,1,1\n", indicators: nil,
                 expected: { _ in .duplicateTime(line: 4, time: 1000) }, mentions: "Line 4"),
        BadInput(name: "unknown indicator", csv: header + "1,1,1,1,1,1\n", indicators: "sma(20),foo(3)",
                 expected: { _ in .indicators(.unknownIndicator(item: "foo(3)")) }, mentions: "foo(3)"),
        BadInput(name: "ema(0)", csv: header + "1,1,1,1,1,1\n", indicators: "ema(0)",
                 expected: { _ in .indicators(.outOfRange(item: "ema(0)", parameter: "period", minimum: 2, maximum: 100_000, got: "0")) },
                 mentions: "ema(0)"),
        BadInput(name: "ema(-3)", csv: header + "1,1,1,1,1,1\n", indicators: "ema(-3)",
                 expected: { _ in .indicators(.outOfRange(item: "ema(-3)", parameter: "period", minimum: 2, maximum: 100_000, got: "-3")) },
                 mentions: "ema(-3)"),
        BadInput(name: "bbands(20,x,2)", csv: header + "1,1,1,1,1,1\n", indicators: "bbands(20,x,2)",
                 expected: { _ in .indicators(.notANumber(item: "bbands(20,x,2)", parameter: "upper deviations", text: "x")) },
                 mentions: "bbands(20,x,2)"),
    ]

    @Test("bad input: one-sentence typed error and no output file", arguments: badInputs)
    func badInput(_ bad: BadInput) throws {
        let scratch = try Scratch()
        let input = try bad.csv.map { try scratch.write("in.csv", $0) } ?? scratch.path("missing.csv")
        let output = scratch.path("out.csv")
        #expect(throws: bad.expected(input)) {
            try IndicatorBatch.run(inputPath: input, indicators: bad.indicators, outputPath: output)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(scratch.entries == (bad.csv == nil ? [] : ["in.csv"]), "no temporary file left behind")
        let message = bad.expected(input).description
        #expect(message.contains(bad.mentions), "\(message)")
        #expect(message.hasSuffix(".") && !message.contains("\n"))
        #expect((bad.expected(input) as any Error).localizedDescription == message)
    }

    @Test("a failed run leaves an existing output file untouched")
    func existingOutputSurvivesFailure() throws {
        let scratch = try Scratch()
        let output = try scratch.write("out.csv", "previous result\n")
        let input = try scratch.write("in.csv", Self.header + "2,1,1,1,1,1\n1,1,1,1,1,1\n")
        #expect(throws: IndicatorBatchError.self) {
            try IndicatorBatch.run(inputPath: input, indicators: nil, outputPath: output)
        }
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "previous result\n")
        let good = try scratch.write("good.csv", Self.header + "1,1,1,1,1,1\n")
        try IndicatorBatch.run(inputPath: good, indicators: "obv", outputPath: output)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "open_time,open,high,low,close,volume,obv\n1,1,1,1,1,1,1\n")
    }

    @Test("an unwritable output is a one-sentence error")
    func unwritableOutput() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", Self.header + "1,1,1,1,1,1\n")
        let output = scratch.path("no-such-dir/out.csv")
        do {
            try IndicatorBatch.run(inputPath: input, indicators: "obv", outputPath: output)
            Issue.record("expected a write error")
        } catch {
            guard case .cannotWrite(let path, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path == output)
            #expect(error.description.contains(output))
        }
    }

    @Test("microsecond open times in newer Binance archives are read as milliseconds")
    func binanceMicroseconds() throws {
        let csv = "1735689600000000,93576.00,93610.93,93537.50,93610.93,8.21827000,1735689659999999,768978.2,1317,3.7,349309.3,0\n"
        let table = CSVTable(try IndicatorBatch.render(csv: csv, indicators: "obv"))
        #expect(table.strings("open_time") == ["1735689600000"])
        #expect(table.strings("obv") == ["8.21827"])
    }
}
