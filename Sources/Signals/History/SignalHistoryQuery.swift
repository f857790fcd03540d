import Foundation
import MarketModel

/// Output formats of `thebot history`.
public enum SignalHistoryFormat: String, Sendable, CaseIterable {
    /// Aligned columns for reading.
    case table
    /// RFC 4180 with a header line.
    case csv
    /// NDJSON: one `Signal.jsonLine` object per line, the same shape as `thebot stream --json`,
    /// so the two pipe into the same tools and a long history streams without a closing bracket.
    case json
}

/// Why `thebot history` cannot answer, in one sentence.
public enum SignalHistoryQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    case badSince(String)
    case badSymbol(String)
    case noHistory(path: String)
    case store(SignalStoreError)

    public var description: String {
        switch self {
        case .badSince(let text):
            "'\(text)' is not a time for --since; use a date (2026-11-24), a date-time (2026-11-24T10:15Z), epoch milliseconds or a time ago (2h, 3d)."
        case .badSymbol(let text):
            "'\(text)' is not a symbol; use letters and digits such as BTCUSDT."
        case .noHistory(let path):
            "No signal history at \(path) yet; run the monitor first or pass the database path."
        case .store(let e):
            e.description
        }
    }
}

extension SignalHistoryQueryError: LocalizedError {
    public var errorDescription: String? { description }
}

/// `thebot history [--symbol S] [--since T] [--format table|csv|json]`.
public enum SignalHistoryQuery {
    /// Writes the matching signals (oldest first) to `output`, one call per line, no newline.
    public static func run(databasePath: String, symbol: String?, since: String?,
                           format: SignalHistoryFormat, now: Int64 = SignalStore.nowMilliseconds(),
                           output: (String) -> Void) throws(SignalHistoryQueryError) {
        let (filter, sinceMs) = try parseFilter(symbol: symbol, since: since, now: now)
        // Opening would create an empty database; a query should not leave files behind.
        guard FileManager.default.fileExists(atPath: databasePath) else { throw .noHistory(path: databasePath) }
        let signals: [Signal]
        do {
            signals = try SignalStore(path: databasePath).signals(symbol: filter, since: sinceMs)
        } catch {
            throw .store(error)
        }
        write(signals, format: format, output: output)
    }

    /// `--symbol` and `--since` as a symbol and epoch ms; a bad one is one sentence.
    public static func parseFilter(symbol: String?, since: String?, now: Int64 = SignalStore.nowMilliseconds())
        throws(SignalHistoryQueryError) -> (symbol: Symbol?, sinceMs: Int64?) {
        var sinceMs: Int64?
        if let since {
            guard let parsed = HistoryTime.parse(since, now: now) else { throw .badSince(since) }
            sinceMs = parsed
        }
        var filter: Symbol?
        if let symbol {
            guard let parsed = Symbol(symbol) else { throw .badSymbol(symbol) }
            filter = parsed
        }
        return (filter, sinceMs)
    }

    /// The signals (oldest first) in `format`, one `output` call per line.
    public static func write(_ signals: [Signal], format: SignalHistoryFormat, output: (String) -> Void) {
        switch format {
        case .table: HistoryTable.write(signals, to: output)
        case .csv:
            output("time,time_iso,symbol,interval,rule,direction,strength,price,reason")
            for s in signals {
                let fields = [String(s.time), CivilDate.iso8601(s.time), s.symbol.name, s.interval.rawValue, s.rule,
                              s.direction.rawValue, JSONText.number(s.strength), s.price.description, s.reason]
                output(fields.map(csvField).joined(separator: ","))
            }
        case .json:
            for s in signals { output(s.jsonLine) }
        }
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
