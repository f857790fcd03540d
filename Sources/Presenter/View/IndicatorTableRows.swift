import Foundation
import Indicators
import TUI

/// The indicator table: every output of the selected symbol, labelled, written and coloured as
/// its catalog entry says (oversold reads bullish, a close above its average reads bullish, ...).
enum IndicatorTableRows {
    static func rows(specs: [IndicatorSpec], data board: SeriesExtract, priceDecimals: Int) -> [IndicatorRow] {
        let close = board.candles.last?.close.doubleValue ?? .nan
        var rows: [IndicatorRow] = []
        for spec in specs {
            for (index, (column, label)) in zip(spec.columnNames, spec.outputLabels).enumerated() {
                let value = board.currentValue(column: column)
                guard value.isFinite else {
                    rows.append(IndicatorRow(name: label, value: "warming up", state: .neutral))
                    continue
                }
                let stance = spec.outputs[index].reading.stance(value: value, close: close)
                rows.append(IndicatorRow(name: label, value: format(value, decimals: priceDecimals, kind: spec.entry.valueKind),
                                         state: state(stance)))
            }
        }
        return rows
    }

    static func format(_ value: Double, decimals: Int, kind: IndicatorValueKind) -> String {
        switch kind {
        case .price: String(format: "%.\(max(0, min(decimals, 10)))f", value)
        case .volume: abbreviate(value)
        case .number: String(format: "%.2f", value)
        }
    }

    static func abbreviate(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e9 { return String(format: "%.2fB", v / 1e9) }
        if a >= 1e6 { return String(format: "%.2fM", v / 1e6) }
        if a >= 1e3 { return String(format: "%.2fK", v / 1e3) }
        return String(format: "%.2f", v)
    }

    static func state(_ stance: IndicatorStance) -> IndicatorRow.State {
        switch stance {
        case .bullish: .bullish
        case .bearish: .bearish
        case .neutral: .neutral
        }
    }
}
