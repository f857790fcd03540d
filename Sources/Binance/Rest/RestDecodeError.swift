/// Why a REST body could not be turned into model values.
public enum RestDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body is not JSON at all (often an HTML error page; see `RestErrorBody`).
    case notJSON(what: String)
    /// The JSON does not have the documented layout.
    case unexpectedShape(what: String, detail: String)
    /// One row or item has a value the model cannot hold.
    case invalidRow(what: String, row: Int, detail: String)
    /// The body is Binance's `{"code","msg"}` error instead of the data asked for.
    case exchangeError(RestErrorBody)

    public var description: String {
        switch self {
        case .notJSON(let what):
            return "The \(what) from Binance is not valid JSON."
        case .unexpectedShape(let what, let detail):
            return "The \(what) from Binance has an unexpected layout: \(detail)."
        case .invalidRow(let what, let row, let detail):
            return "Row \(row + 1) of the \(what) from Binance is invalid: \(detail)."
        case .exchangeError(let body):
            return body.description
        }
    }
}
