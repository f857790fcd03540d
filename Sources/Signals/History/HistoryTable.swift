import Foundation
import MarketModel

/// The `table` format: left-aligned columns two spaces apart; the reason, last, is not padded.
enum HistoryTable {
    static let headers = ["TIME", "SYMBOL", "INTERVAL", "RULE", "DIRECTION", "STRENGTH", "PRICE", "REASON"]

    static func write(_ signals: [Signal], to output: (String) -> Void) {
        guard !signals.isEmpty else {
            output("No signals.")
            return
        }
        let rows = signals.map { s in
            [timeText(s.time), s.symbol.name, s.interval.rawValue, s.rule, s.direction.rawValue,
             Decimals.format(s.strength, maxDecimals: 2), s.price.description, s.reason].map(TerminalText.sanitized)
        }
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count - 1 { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                if i == cells.count - 1 {
                    out += cell
                } else {
                    out += cell + String(repeating: " ", count: widths[i] - cell.count + 2)
                }
            }
            return out
        }
        output(line(headers))
        for row in rows { output(line(row)) }
    }

    /// `2026-11-24 10:15:00` (UTC): sortable and shorter than the ISO form with T and Z.
    static func timeText(_ ms: Int64) -> String {
        var iso = CivilDate.iso8601(ms)
        iso = String(iso.dropLast())
        return iso.replacingOccurrences(of: "T", with: " ")
    }
}
