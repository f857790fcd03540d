/// The `D` pane: asks above, bids below, best prices meeting in the middle; each level's size
/// as a bar scaled to the largest level in view, its cumulative size, the last trade marked ◀;
/// spread, imbalance and grouping in the border. While the book resyncs it says so and shows no
/// levels.
public struct DepthLadder {
    public var ladder: LadderView
    public var theme: Theme

    public init(ladder: LadderView, theme: Theme) {
        self.ladder = ladder
        self.theme = theme
    }

    public func render(into buffer: inout Buffer, in rect: Rect) {
        let inner = Panel.draw(&buffer, rect, title: "Depth " + sanitize(ladder.symbol), theme: theme,
                               rightTitle: ladder.grouping)
        guard inner.height >= 3, inner.width >= 20 else { return }
        if ladder.resyncing || (ladder.asks.isEmpty && ladder.bids.isEmpty) {
            Panel.placeholder(&buffer, inner, ladder.resyncing ? "order book resyncing…" : "waiting for the order book…", theme: theme)
            return
        }
        var footer: [(String, Style)] = []
        if let spread = ladder.spread { footer.append((" spread \(spread) ", theme.style(.dimText))) }
        if let i = ladder.imbalance {
            footer.append(("imb \(i >= 0 ? "+" : "")\(Formatting.fixed(i * 100, decimals: 0))% ", theme.style(i >= 0 ? .bull : .bear)))
        }
        Panel.footer(&buffer, rect, segments: footer)

        let perSide = inner.height / 2
        let asks = Array(ladder.asks.prefix(perSide).reversed())
        let bids = Array(ladder.bids.prefix(inner.height - perSide))
        let shown = asks + bids
        let largest = shown.map(\.size).max() ?? 0
        let priceWidth = shown.map { displayWidth($0.price) }.max() ?? 0
        let sizeWidth = 8, cumWidth = 8
        let barWidth = max(0, inner.width - priceWidth - sizeWidth - cumWidth - 4)
        var y = inner.y + perSide - asks.count
        for level in shown {
            let role: ThemeRole = level.side == .ask ? .bear : .bull
            var x = inner.x
            x = buffer.write(level.price.padding(toWidth: priceWidth), x: x, y: y, style: theme.style(role), clip: inner)
            x = buffer.write(level.lastTrade ? "◀" : " ", x: x, y: y, style: theme.style(.text).adding(.bold), clip: inner)
            let size = Formatting.abbreviated(level.size)
            x = buffer.write(String(repeating: " ", count: max(0, sizeWidth - displayWidth(size))) + size, x: x, y: y,
                             style: theme.style(.text), clip: inner)
            let cum = Formatting.abbreviated(level.cumulative)
            x = buffer.write(String(repeating: " ", count: max(0, cumWidth - displayWidth(cum))) + cum + " ", x: x, y: y,
                             style: theme.style(.dimText), clip: inner)
            let cells = largest > 0 ? Int((level.size / largest * Double(barWidth)).rounded(.up)) : 0
            buffer.hline(x: x + 1, y: y, length: min(barWidth, cells), "▇", style: Style(fg: theme.muted(role), bg: theme.color(.background)),
                         clip: inner)
            y += 1
        }
    }
}

private extension String {
    func padding(toWidth width: Int) -> String {
        let w = displayWidth(self)
        return w >= width ? self : self + String(repeating: " ", count: width - w)
    }
}
