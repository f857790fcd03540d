/// Candles read from CSV text, with the OHLCV fields' original text kept for echoing.
///
/// Two layouts:
/// - a header naming `open_time` (epoch ms) or `date` (ISO date/datetime, UTC) plus `open`,
///   `high`, `low`, `close`, `volume`, case-insensitively; other columns are ignored;
/// - Binance's headerless 12-column kline CSV (recognised by a numeric first field). Its
///   open times switch from milliseconds to microseconds in 2025 archives; values too large
///   to be milliseconds (≥ 1e14) are read as microseconds.
///
/// Fields may be wrapped in double quotes; quoted commas are not supported (no candle
/// field needs one). Blank lines are skipped.
struct CandleCSV {
    struct Row {
        var bar: Bar
        /// open, high, low, close, volume exactly as written.
        var fields: [Substring]
    }

    var rows: [Row] = []

    private static let valueColumns = ["open", "high", "low", "close", "volume"]

    init(text: String, path: String) throws(IndicatorBatchError) {
        // Split on the scalar: in a CRLF file "\r\n" is one Character, so a Character split
        // would see a single line.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .lazy.map { (number: $0.offset + 1, text: Substring($0.element)) }
            .filter { !$0.text.allSatisfy(\.isWhitespace) }
            .makeIterator()
        guard let first = lines.next() else { throw .emptyInput(path: path) }

        let head = Self.fields(first.text)
        let timeIndex: Int
        let valueIndices: [Int]
        let timeColumn: String
        let binance: Bool
        if let firstField = head.first, Double(firstField) != nil {
            binance = true
            timeIndex = 0
            timeColumn = "open_time"
            valueIndices = [1, 2, 3, 4, 5]
            try append(first, timeIndex: 0, timeColumn: timeColumn, valueIndices: valueIndices, binance: true)
        } else {
            binance = false
            let names = head.map { $0.lowercased() }
            if let i = names.firstIndex(of: "open_time") {
                timeIndex = i
                timeColumn = "open_time"
            } else if let i = names.firstIndex(of: "date") {
                timeIndex = i
                timeColumn = "date"
            } else {
                throw .missingColumn(path: path, column: "open_time' or 'date")
            }
            var indices: [Int] = []
            for column in Self.valueColumns {
                guard let i = names.firstIndex(of: column) else {
                    throw .missingColumn(path: path, column: column)
                }
                indices.append(i)
            }
            valueIndices = indices
        }
        while let line = lines.next() {
            try append(line, timeIndex: timeIndex, timeColumn: timeColumn, valueIndices: valueIndices, binance: binance)
        }
        guard !rows.isEmpty else { throw .noDataRows(path: path) }
    }

    private mutating func append(_ line: (number: Int, text: Substring), timeIndex: Int, timeColumn: String,
                                 valueIndices: [Int], binance: Bool) throws(IndicatorBatchError) {
        let f = Self.fields(line.text)
        let needed = max(timeIndex, valueIndices.max() ?? 0) + 1
        guard f.count >= needed else { throw .shortRow(line: line.number, expected: needed, got: f.count) }

        let timeText = f[timeIndex]
        let time: Int64
        if timeColumn == "date" {
            guard let t = ISODateTime.epochMilliseconds(String(timeText)) else {
                throw .badTimestamp(line: line.number, column: timeColumn, text: String(timeText))
            }
            time = t
        } else {
            guard let t = Self.epochMilliseconds(timeText, binance: binance) else {
                throw .badTimestamp(line: line.number, column: timeColumn, text: String(timeText))
            }
            time = t
        }

        var values = [0.0, 0.0, 0.0, 0.0, 0.0]
        var texts: [Substring] = []
        texts.reserveCapacity(5)
        for (k, i) in valueIndices.enumerated() {
            guard let v = Double(f[i]), v.isFinite else {
                throw .notANumber(line: line.number, column: Self.valueColumns[k], text: String(f[i]))
            }
            values[k] = v
            texts.append(f[i])
        }

        if let previous = rows.last?.bar.openTime {
            if time == previous { throw .duplicateTime(line: line.number, time: time) }
            if time < previous { throw .timeGoesBack(line: line.number, time: time, previous: previous) }
        }
        let bar = Bar(openTime: time, open: values[0], high: values[1], low: values[2], close: values[3], volume: values[4])
        rows.append(Row(bar: bar, fields: texts))
    }

    private static func epochMilliseconds(_ text: Substring, binance: Bool) -> Int64? {
        var value: Int64
        if let v = Int64(text) {
            value = v
        } else if let d = Double(text), d.isFinite, d == d.rounded(), abs(d) < 9e15 {
            value = Int64(d)
        } else {
            return nil
        }
        if binance && value >= 100_000_000_000_000 { value /= 1000 }
        return value
    }

    private static func fields(_ line: Substring) -> [Substring] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { raw in
            var s = raw
            while let c = s.first, c.isWhitespace || c == "\u{FEFF}" { s.removeFirst() }
            while let c = s.last, c.isWhitespace { s.removeLast() }  // also drops a CRLF's \r
            if s.count >= 2, s.first == "\"", s.last == "\"" {
                s = s.dropFirst().dropLast()
            }
            return s
        }
    }
}
