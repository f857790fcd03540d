#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The light grid of an indicator pane: a dotted line and a label for each round level, in the
/// theme's grid and dim-text styles, labels at least one free row apart (levels nearest zero
/// win a clash). Labels carry as many decimals as the spacing of the levels needs.
enum SubpaneGrid {
    static func draw(_ buffer: inout Buffer, plot: Rect, axis: Rect, scale: PriceScale, levels: [Double], theme: Theme) {
        let gridStyle = theme.style(.grid)
        let labelStyle = theme.style(.dimText)
        let decimals = labelDecimals(levels)
        var taken: [Int] = []
        for level in levels.sorted(by: { abs($0) < abs($1) }) {
            let row = plot.y + scale.row(level)
            guard !taken.contains(where: { abs($0 - row) < 2 }) else { continue }
            taken.append(row)
            buffer.hline(x: plot.x, y: row, length: plot.width, "┈", style: gridStyle)
            buffer.write(Formatting.fixed(level, decimals: level.rounded() == level ? 0 : decimals), x: axis.x + 1,
                         y: row, style: labelStyle, clip: axis)
        }
    }

    /// 0 for a spacing of 1 or more, 1 for 0.5, 4 for 0.0002.
    static func labelDecimals(_ levels: [Double]) -> Int {
        let sorted = levels.sorted()
        var step = Double.infinity
        for (a, b) in zip(sorted, sorted.dropFirst()) where b > a { step = min(step, b - a) }
        guard step.isFinite, step > 0 else { return 2 }
        return max(0, min(12, Int((-log10(step) - 1e-9).rounded(.up))))
    }
}
