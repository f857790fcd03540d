/// The bottom row: the status message when there is one (a connection failure, "try --demo"),
/// else the last error while unhealthy, else the key hints.
public struct Footer {
    public var state: MonitorState
    public var theme: Theme

    public init(state: MonitorState, theme: Theme) {
        self.state = state
        self.theme = theme
    }

    static let hints: [(String, String)] = [
        ("q", "quit"), ("?", "help"), ("↑↓", "symbol"), ("←→", "scroll"), ("+-", "zoom"), ("1-9", "interval"),
        ("i", "indicators"), ("a", "add"), ("d", "remove"), ("f", "refresh"), ("t", "theme"), ("p", "pause"),
    ]

    public func render(into buffer: inout Buffer, in rect: Rect) {
        guard rect.height >= 1 else { return }
        buffer.fill(rect, style: theme.base)
        let y = rect.y
        if let message = state.message, !message.isEmpty {
            let x = buffer.write(" ! ", x: rect.x, y: y, style: theme.badge(.warning), clip: rect)
            buffer.write(" " + truncate(sanitize(message), toWidth: rect.width - 4), x: x, y: y, style: theme.style(.warning), clip: rect)
            return
        }
        if state.health.state != .live, let error = state.health.lastError, !error.isEmpty {
            let role = theme.healthRole(state.health.state)
            let x = buffer.write(" " + state.health.state.rawValue + ": ", x: rect.x, y: y, style: theme.style(role).adding(.bold), clip: rect)
            buffer.write(truncate(sanitize(error), toWidth: rect.maxX - x), x: x, y: y, style: theme.style(.dimText), clip: rect)
            return
        }
        var x = rect.x + 1
        for (key, what) in Footer.hints {
            guard x + displayWidth(key) + displayWidth(what) + 3 <= rect.maxX else { break }
            x = buffer.write(key, x: x, y: y, style: theme.style(.title), clip: rect)
            x = buffer.write(" " + what + "  ", x: x, y: y, style: theme.style(.dimText), clip: rect)
        }
    }
}
