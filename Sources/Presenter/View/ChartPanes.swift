import Indicators
import TUI

/// Where the selected symbol's indicators are drawn, as their catalog entries say: overlays as
/// lines over the candles (up to four), the first band as a band, one pane under the chart for
/// the first spec of each indicator drawn in a pane. The rest appear only in the indicator table.
struct ChartPanes: Sendable, Equatable {
    static let overlayLimit = 4

    var overlays: [OverlayLine] = []
    var bands: BandOverlay?
    var subpanes: [SubpaneView] = []

    init(specs: [IndicatorSpec], data board: SeriesExtract) {
        // One pane per indicator: a second RSI would squeeze the chart for a near-copy.
        var paned: Set<String> = []
        for spec in specs {
            let columns = spec.columnNames
            switch spec.entry.drawing {
            case .overlay:
                if overlays.count < Self.overlayLimit {
                    overlays.append(OverlayLine(name: spec.description, values: board.values(column: columns[0]),
                                                styleKey: "overlay\(overlays.count + 1)"))
                }
            case .band:
                if bands == nil, columns.count == 3 {
                    bands = BandOverlay(name: spec.description, upper: board.values(column: columns[0]),
                                        middle: board.values(column: columns[1]), lower: board.values(column: columns[2]))
                }
            case .pane(let scale):
                if paned.insert(spec.name).inserted {
                    subpanes.append(Self.pane(spec, scale: scale, data: board))
                }
            case .tableOnly:
                break
            }
        }
    }

    private static func pane(_ spec: IndicatorSpec, scale: IndicatorPaneScale, data board: SeriesExtract) -> SubpaneView {
        let name = spec.description.uppercased()
        var lines: [[Double]] = []
        var histogram: [Double]?
        for (output, column) in zip(spec.outputs, spec.columnNames) {
            switch output.plot {
            case .line: lines.append(board.values(column: column))
            case .histogram: histogram = histogram ?? board.values(column: column)
            }
        }
        switch scale {
        case .fixed(let low, let high, let guides):
            return .fixed(name: name, lines: lines, low: low, high: high, guides: guides)
        case .fitted:
            return .fitted(name: name, lines: lines, histogram: histogram)
        }
    }
}
