/// The `T` pane: time and sales, newest on top, buys in the bull colour and sells in the bear
/// colour, trades at or above the size threshold highlighted, collapsed lines marked ×n.
public struct TradesTape {
    public var tape: TapeView
    public var theme: Theme

    public init(tape: TapeView, theme: Theme) {
        self.tape = tape
        self.theme = theme
    }

    public func render(into buffer: inout Buffer, in rect: Rect) {
        let inner = Panel.draw(&buffer, rect, title: "Trades " + sanitize(tape.symbol), theme: theme,
                               rightTitle: tape.threshold)
        guard inner.height >= 1, inner.width >= 20 else { return }
        guard !tape.rows.isEmpty else {
            Panel.placeholder(&buffer, inner, "waiting for trades…", theme: theme)
            return
        }
        let priceWidth = tape.rows.prefix(inner.height).map { displayWidth($0.price) }.max() ?? 0
        for (i, row) in tape.rows.prefix(inner.height).enumerated() {
            let y = inner.y + i
            var style = theme.style(row.buy ? .bull : .bear)
            if row.large { style = theme.badge(row.buy ? .bull : .bear) }
            var x = buffer.write(row.time + " ", x: inner.x, y: y, style: theme.style(.dimText), clip: inner)
            let price = row.price + String(repeating: " ", count: max(0, priceWidth - displayWidth(row.price)))
            x = buffer.write(price + " ", x: x, y: y, style: style, clip: inner)
            x = buffer.write(row.size, x: x, y: y, style: style, clip: inner)
            if row.count > 1 { buffer.write(" ×\(row.count)", x: x, y: y, style: theme.style(.dimText), clip: inner) }
        }
    }
}
