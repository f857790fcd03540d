/// Why `IndicatorBatch` produced no output; `description` is one sentence naming the file,
/// line or item at fault. The CLI maps any of these to exit code 2.
public enum IndicatorBatchError: Error, Sendable, Equatable, CustomStringConvertible {
    case indicators(IndicatorSpecError)
    case inputNotFound(path: String)
    case cannotRead(path: String, reason: String)
    case emptyInput(path: String)
    case noDataRows(path: String)
    case missingColumn(path: String, column: String)
    case shortRow(line: Int, expected: Int, got: Int)
    case notANumber(line: Int, column: String, text: String)
    case badTimestamp(line: Int, column: String, text: String)
    case duplicateTime(line: Int, time: Int64)
    case timeGoesBack(line: Int, time: Int64, previous: Int64)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .indicators(let error):
            error.description
        case .inputNotFound(let path):
            "Input file '\(path)' does not exist."
        case .cannotRead(let path, let reason):
            "Cannot read input file '\(path)': \(reason)."
        case .emptyInput(let path):
            "Input file '\(path)' is empty; expected a CSV of candles."
        case .noDataRows(let path):
            "Input file '\(path)' has a header but no candle rows."
        case .missingColumn(let path, let column):
            "Input file '\(path)' has no '\(column)' column in its header."
        case .shortRow(let line, let expected, let got):
            "Line \(line) of the input has \(got) fields but at least \(expected) are needed."
        case .notANumber(let line, let column, let text):
            "Line \(line) of the input: \(column) '\(text)' is not a finite number."
        case .badTimestamp(let line, let column, let text):
            column == "date"
                ? "Line \(line) of the input: date '\(text)' is not an ISO date such as 2021-01-12 or 2021-01-12T03:00:00Z."
                : "Line \(line) of the input: \(column) '\(text)' is not an epoch-millisecond timestamp."
        case .duplicateTime(let line, let time):
            "Line \(line) of the input repeats the previous row's open time \(time); each candle must appear once."
        case .timeGoesBack(let line, let time, let previous):
            "Line \(line) of the input has open time \(time), before the previous row's \(previous); rows must be sorted oldest first."
        case .cannotWrite(let path, let reason):
            "Cannot write output file '\(path)': \(reason)."
        }
    }
}
