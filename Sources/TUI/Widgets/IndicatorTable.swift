/// Indicator name and value, coloured by what the value says (bullish, bearish, neutral).
public struct IndicatorTable {
    public var rows: [IndicatorRow]
    public var theme: Theme

    public init(rows: [IndicatorRow], theme: Theme) {
        self.rows = rows
        self.theme = theme
    }

    public func render(into buffer: inout Buffer, in rect: Rect) {
        let inner = Panel.draw(&buffer, rect, title: "Indicators", theme: theme)
        guard !inner.isEmpty else { return }
        guard !rows.isEmpty else {
            Panel.placeholder(&buffer, inner, "no indicators — press i", theme: theme)
            return
        }
        for (k, row) in rows.prefix(inner.height).enumerated() {
            let y = inner.y + k
            let (mark, role): (String, ThemeRole) = switch row.state {
            case .bullish: ("▲", .bull)
            case .bearish: ("▼", .bear)
            case .neutral: ("·", .dimText)
            }
            let clip = Rect(x: inner.x, y: y, width: inner.width, height: 1)
            buffer.write(mark, x: inner.x, y: y, style: theme.style(role), clip: clip)
            let value = sanitize(row.value)
            let valueWidth = min(displayWidth(value), max(0, inner.width - 12))
            buffer.write(truncate(sanitize(row.name), toWidth: inner.width - valueWidth - 3), x: inner.x + 2, y: y,
                         style: theme.style(.text), clip: clip)
            buffer.writeRight(truncate(value, toWidth: valueWidth), rightX: inner.maxX, y: y,
                              style: row.state == .neutral ? theme.style(.text) : theme.style(role), clip: clip)
        }
    }
}
