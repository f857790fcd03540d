/// Transient alerts, one line each, newest on top, each gone after `Toast.lifetimeMs`. The area
/// holds as many as the screen allows (its height less one); the rest become one "+N more" line,
/// or, in a one-row area, a "+N more" at the end of the newest toast's line.
/// Lines start with the direction mark and the signal's symbol, interval, direction and rule, so
/// what a trader needs is never the part cut off.
public struct Toasts {
    public var toasts: [Toast]
    public var nowMs: Int64
    public var theme: Theme

    public init(toasts: [Toast], nowMs: Int64, theme: Theme) {
        self.toasts = toasts
        self.nowMs = nowMs
        self.theme = theme
    }

    /// The toasts on screen at `now`, newest first, at most `limit`.
    public static func visibleToasts(_ toasts: [Toast], at now: Int64, limit: Int = 5) -> [Toast] {
        Array(toasts.filter { $0.isVisible(at: now) }
            .sorted { $0.createdAtMs != $1.createdAtMs ? $0.createdAtMs > $1.createdAtMs : $0.id > $1.id }
            .prefix(limit))
    }

    public func visibleToasts(at now: Int64) -> [Toast] { Toasts.visibleToasts(toasts, at: now) }

    /// When the next visible toast expires (the frame after it must be drawn), or nil.
    public static func nextExpiry(_ toasts: [Toast], after now: Int64) -> Int64? {
        toasts.filter { $0.isVisible(at: now) }.map { $0.createdAtMs + Toast.lifetimeMs }.min()
    }

    public func render(into buffer: inout Buffer, in area: Rect) {
        guard area.height >= 1, area.width >= 8 else { return }
        let all = Toasts.visibleToasts(toasts, at: nowMs, limit: .max)
        let room = all.count > area.height ? max(1, area.height - 1) : area.height
        let hidden = all.count - min(room, all.count)
        let inline = area.height == 1 && hidden > 0 ? " +\(hidden) more " : ""
        var y = area.y
        for toast in all.prefix(room) {
            let role: ThemeRole = toast.direction.map { $0 == .up ? .bull : .bear } ?? theme.severityRole(toast.severity)
            let line = Rect(x: area.x, y: y, width: area.width, height: 1)
            buffer.fill(line, style: theme.style(.selection))
            let mark = toast.direction.map { $0 == .up ? "▲ " : "▼ " } ?? "● "
            var x = buffer.write(" " + mark, x: line.x, y: y, style: theme.style(.selection).with(fg: theme.color(role)).adding(.bold),
                                 clip: line)
            let textStyle = toast.severity == .info ? theme.style(.selection)
                : theme.style(.selection).with(fg: theme.color(theme.severityRole(toast.severity)))
            x = buffer.write(truncate(sanitize(toast.text), toWidth: line.maxX - 1 - x - displayWidth(inline)), x: x, y: y,
                             style: textStyle, clip: line)
            if !inline.isEmpty {
                buffer.writeRight(inline, rightX: line.maxX, y: y, style: theme.style(.selection).with(fg: theme.color(.dimText)))
            }
            y += 1
        }
        if hidden > 0, inline.isEmpty, y < area.maxY {
            let line = Rect(x: area.x, y: y, width: area.width, height: 1)
            buffer.fill(line, style: theme.style(.selection))
            buffer.write(" +\(hidden) more", x: line.x, y: y, style: theme.style(.selection).with(fg: theme.color(.dimText)),
                         clip: line)
        }
    }
}
