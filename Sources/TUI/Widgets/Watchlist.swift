/// The watchlist table: symbol, last price at the symbol's decimals, 24 h change, a sparkline,
/// volume and signal consensus. Columns drop from the right as the pane narrows, the price and
/// change never.
public struct Watchlist {
    public var rows: [WatchRow]
    public var selectedIndex: Int
    public var theme: Theme

    public init(rows: [WatchRow], selectedIndex: Int, theme: Theme) {
        self.rows = rows
        self.selectedIndex = selectedIndex
        self.theme = theme
    }

    struct Columns {
        var symbol = 8, last = 10, change = 7, spark = 0, volume = 0, consensus = 0
    }

    static func columns(for width: Int) -> Columns {
        var c = Columns()
        var rest = width - (c.symbol + 1 + c.last + 1 + c.change)
        if rest >= 3 { c.consensus = 2; rest -= 3 }
        if rest >= 7 { c.volume = 6; rest -= 7 }
        // Room for names like DOGEUSDT before the sparkline.
        let nameRoom = max(0, min(2, rest - 7))
        c.symbol += nameRoom
        rest -= nameRoom
        if rest >= 7 { c.spark = min(16, rest - 1); rest -= c.spark + 1 }
        // Extra room widens the symbol column for long names, then the price column.
        let extraSymbol = max(0, min(4, rest))
        c.symbol += extraSymbol
        rest -= extraSymbol
        c.last += max(0, min(2, rest))
        return c
    }

    public func render(into buffer: inout Buffer, in rect: Rect) {
        let inner = Panel.draw(&buffer, rect, title: "Watchlist", theme: theme)
        guard inner.height >= 2, inner.width >= 20 else { return }
        let c = Watchlist.columns(for: inner.width)
        let header = theme.style(.dimText)
        var x = inner.x
        func col(_ text: String, _ width: Int, right: Bool, y: Int, style: Style) {
            guard width > 0 else { return }
            buffer.write(pad(text, toWidth: width, alignRight: right), x: x, y: y, style: style, clip: inner)
            x += width + 1
        }
        col("Symbol", c.symbol, right: false, y: inner.y, style: header)
        col("Last", c.last, right: true, y: inner.y, style: header)
        col("24h", c.change, right: true, y: inner.y, style: header)
        col("Trend", c.spark, right: false, y: inner.y, style: header)
        col("Vol", c.volume, right: true, y: inner.y, style: header)
        col("", c.consensus, right: true, y: inner.y, style: header)

        guard !rows.isEmpty else {
            Panel.placeholder(&buffer, inner.inset(top: 1), "no symbols — press a to add", theme: theme)
            return
        }
        let visibleRows = inner.height - 1
        // Keep the selection on screen: scroll the table by whole rows.
        let first = max(0, min(selectedIndex - visibleRows + 1, rows.count - visibleRows))
        for (offset, row) in rows.dropFirst(max(0, first)).prefix(visibleRows).enumerated() {
            let index = max(0, first) + offset
            let y = inner.y + 1 + offset
            drawRow(&buffer, row, y: y, inner: inner, columns: c, selected: index == selectedIndex)
        }
    }

    private func drawRow(_ buffer: inout Buffer, _ row: WatchRow, y: Int, inner: Rect, columns c: Columns, selected: Bool) {
        var base = theme.base
        if selected {
            let sel = theme.color(.selection)
            base = sel.isDefault ? base.adding(theme.attrs(.selection).union(.reverse)) : base.with(bg: sel)
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: base)
        }
        let changeRole: ThemeRole? = row.changePercent.map { $0 > 0 ? .bull : ($0 < 0 ? .bear : .text) }
        func roleStyle(_ role: ThemeRole) -> Style {
            var s = base.with(fg: theme.color(role))
            s.attrs.formUnion(theme.attrs(role))
            return s
        }
        var x = inner.x
        let clip = Rect(x: inner.x, y: y, width: inner.width, height: 1)
        let marker = selected ? "▌" : " "
        buffer.write(marker, x: x, y: y, style: roleStyle(.title), clip: clip)
        buffer.write(pad(sanitize(row.symbol), toWidth: c.symbol - 1), x: x + 1, y: y, style: selected ? base.adding(.bold) : base, clip: clip)
        x += c.symbol + 1

        let price = row.last.map { Formatting.price($0, decimals: row.priceDecimals) } ?? "–"
        var priceStyle = base
        switch row.flash {
        case .up: priceStyle = theme.badge(.bull)
        case .down: priceStyle = theme.badge(.bear)
        case .none: break
        }
        buffer.write(pad(price, toWidth: c.last, alignRight: true), x: x, y: y, style: priceStyle, clip: clip)
        x += c.last + 1

        let change = row.changePercent.map { Formatting.percent($0) } ?? "–"
        buffer.write(pad(change, toWidth: c.change, alignRight: true), x: x, y: y,
                     style: changeRole.map(roleStyle) ?? base, clip: clip)
        x += c.change + 1

        if c.spark > 0 {
            let glyphs = Sparkline.glyphs(row.sparkline, width: c.spark)
            let trendUp = (row.sparkline.last ?? 0) >= (row.sparkline.first(where: \.isFinite) ?? 0)
            let style = roleStyle(trendUp ? .bull : .bear)
            for (k, g) in glyphs.enumerated() { buffer.set(x: x + k, y: y, g, style, clip: clip) }
            x += c.spark + 1
        }
        if c.volume > 0 {
            let v = row.volume.map { Formatting.abbreviated($0) } ?? "–"
            buffer.write(pad(v, toWidth: c.volume, alignRight: true), x: x, y: y, style: roleStyle(.dimText), clip: clip)
            x += c.volume + 1
        }
        if c.consensus > 0 {
            let (text, role): (String, ThemeRole) = switch row.consensus {
            case .strongBuy: ("▲▲", .bull)
            case .buy: ("▲", .bull)
            case .neutral: ("·", .dimText)
            case .sell: ("▼", .bear)
            case .strongSell: ("▼▼", .bear)
            }
            var s = roleStyle(role)
            if row.consensus == .strongBuy || row.consensus == .strongSell { s = s.adding(.bold) }
            buffer.write(pad(text, toWidth: c.consensus, alignRight: true), x: x, y: y, style: s, clip: clip)
        }
    }
}
