/// The bordered frame every pane shares: background, rounded border, title. Returns the inside.
enum Panel {
    @discardableResult
    static func draw(_ buffer: inout Buffer, _ rect: Rect, title: String, theme: Theme,
                     borderRole: ThemeRole = .border, rightTitle: String? = nil) -> Rect {
        buffer.fill(rect, style: theme.base)
        buffer.box(rect, style: theme.style(borderRole), title: title, titleStyle: theme.style(.title))
        if let rightTitle, !rightTitle.isEmpty {
            let used = displayWidth(title) + 6
            let room = rect.width - used - 3
            if room >= 8 {
                let text = truncate(" " + rightTitle + " ", toWidth: room)
                buffer.writeRight(text, rightX: rect.maxX - 2, y: rect.y, style: theme.style(.dimText))
            }
        }
        return rect.inset(by: 1)
    }

    /// Text in the bottom border, left-aligned (legends and hints).
    static func footer(_ buffer: inout Buffer, _ rect: Rect, x offset: Int = 2, segments: [(String, Style)]) {
        guard rect.height >= 2 else { return }
        let clip = Rect(x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 2, height: 1)
        var x = rect.x + offset
        for (text, style) in segments {
            x = buffer.write(text, x: x, y: rect.maxY - 1, style: style, clip: clip)
        }
    }

    /// A dim centred sentence for an empty pane ("waiting for candles…").
    static func placeholder(_ buffer: inout Buffer, _ inner: Rect, _ text: String, theme: Theme) {
        guard !inner.isEmpty else { return }
        let t = truncate(text, toWidth: inner.width)
        let x = inner.x + (inner.width - displayWidth(t)) / 2
        buffer.write(t, x: x, y: inner.y + inner.height / 2, style: theme.style(.dimText), clip: inner)
    }
}
