import Indicators
import TUI

/// Where the selected symbol's indicators are drawn: averages as lines over the candles (up to
/// four), the first Bollinger bands as a band, the first RSI and MACD in panes under the chart.
/// The rest appear only in the indicator table.
struct ChartPanes: Sendable, Equatable {
    static let overlayLimit = 4

    var overlays: [OverlayLine] = []
    var bands: BandOverlay?
    var subpanes: [SubpaneView] = []

    init(specs: [IndicatorSpec], data board: SeriesExtract) {
        var hasRSI = false, hasMACD = false
        for spec in specs {
            let columns = spec.columnNames
            switch spec {
            case .sma, .ema, .wma, .vwap, .sessionVWAP:
                if overlays.count < Self.overlayLimit, let column = columns.first {
                    overlays.append(OverlayLine(name: spec.description, values: board.values(column: column),
                                                styleKey: "overlay\(overlays.count + 1)"))
                }
            case .bbands:
                if bands == nil {
                    bands = BandOverlay(name: spec.description, upper: board.values(column: columns[0]),
                                        middle: board.values(column: columns[1]), lower: board.values(column: columns[2]))
                }
            case .rsi:
                if !hasRSI {
                    hasRSI = true
                    subpanes.append(.rsi(name: spec.description.uppercased(), values: board.values(column: columns[0]),
                                         lower: 30, upper: 70))
                }
            case .macd:
                if !hasMACD {
                    hasMACD = true
                    subpanes.append(.macd(name: spec.description.uppercased(), line: board.values(column: columns[0]),
                                          signal: board.values(column: columns[1]), histogram: board.values(column: columns[2])))
                }
            default:
                break
            }
        }
    }
}
