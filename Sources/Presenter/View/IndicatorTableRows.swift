import Foundation
import Indicators
import TUI

/// The indicator table: every output of the selected symbol, coloured by what it says about
/// the market (oversold reads bullish, a close above its average reads bullish, ...).
enum IndicatorTableRows {
    static func rows(specs: [IndicatorSpec], data board: SeriesExtract, priceDecimals: Int) -> [IndicatorRow] {
        let close = board.candles.last?.close.doubleValue ?? .nan
        var rows: [IndicatorRow] = []
        for spec in specs {
            for column in spec.columnNames {
                let value = board.currentValue(column: column)
                let label = label(spec: spec, column: column)
                guard value.isFinite else {
                    rows.append(IndicatorRow(name: label, value: "warming up", state: .neutral))
                    continue
                }
                rows.append(IndicatorRow(name: label, value: format(value, decimals: priceDecimals, spec: spec),
                                         state: state(spec: spec, column: column, value: value, close: close)))
            }
        }
        return rows
    }

    static func label(spec: IndicatorSpec, column: String) -> String {
        let outputs = spec.columnNames
        guard outputs.count > 1, let index = outputs.firstIndex(of: column) else { return spec.description }
        let parts: [String]
        switch spec {
        case .macd: parts = ["", " signal", " hist"]
        case .bbands: parts = [" upper", " middle", " lower"]
        case .stoch: parts = [" %K", " %D"]
        default: parts = outputs.map { _ in "" }
        }
        return spec.description + parts[index]
    }

    static func format(_ value: Double, decimals: Int, spec: IndicatorSpec) -> String {
        switch spec {
        case .sma, .ema, .wma, .bbands, .vwap, .sessionVWAP, .atr:
            return String(format: "%.\(max(0, min(decimals, 10)))f", value)
        case .obv:
            return abbreviate(value)
        default:
            return String(format: "%.2f", value)
        }
    }

    static func abbreviate(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e9 { return String(format: "%.2fB", v / 1e9) }
        if a >= 1e6 { return String(format: "%.2fM", v / 1e6) }
        if a >= 1e3 { return String(format: "%.2fK", v / 1e3) }
        return String(format: "%.2f", v)
    }

    static func state(spec: IndicatorSpec, column: String, value: Double, close: Double) -> IndicatorRow.State {
        switch spec {
        case .rsi:
            return value < 30 ? .bullish : value > 70 ? .bearish : .neutral
        case .mfi:
            return value < 20 ? .bullish : value > 80 ? .bearish : .neutral
        case .stoch:
            return value < 20 ? .bullish : value > 80 ? .bearish : .neutral
        case .willr:
            return value < -80 ? .bullish : value > -20 ? .bearish : .neutral
        case .cci:
            return value < -100 ? .bullish : value > 100 ? .bearish : .neutral
        case .macd:
            return value > 0 ? .bullish : value < 0 ? .bearish : .neutral
        case .roc:
            return value > 0 ? .bullish : value < 0 ? .bearish : .neutral
        case .sma, .ema, .wma, .vwap, .sessionVWAP:
            guard close.isFinite else { return .neutral }
            return close > value ? .bullish : close < value ? .bearish : .neutral
        case .bbands:
            guard close.isFinite else { return .neutral }
            if column.hasPrefix("bb_upper") { return close > value ? .bearish : .neutral }
            if column.hasPrefix("bb_lower") { return close < value ? .bullish : .neutral }
            return close > value ? .bullish : .bearish
        case .adx, .atr, .obv:
            return .neutral
        }
    }
}
