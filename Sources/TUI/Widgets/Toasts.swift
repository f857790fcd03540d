/// Transient alerts stacked in the top-right corner, newest on top, each gone after
/// `Toast.lifetimeMs`.
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
        var y = area.y
        for toast in visibleToasts(at: nowMs) {
            let role: ThemeRole = toast.direction.map { $0 == .up ? .bull : .bear } ?? theme.severityRole(toast.severity)
            let severityRole = theme.severityRole(toast.severity)
            let text = sanitize(toast.text)
            let width = min(area.width, max(20, displayWidth(text) + 6))
            guard y + 3 <= area.maxY else { break }
            let rect = Rect(x: area.maxX - width, y: y, width: width, height: 3)
            buffer.fill(rect, style: theme.base)
            buffer.box(rect, style: theme.style(severityRole), title: toast.severity == .info ? nil : toast.severity.rawValue,
                       titleStyle: theme.style(severityRole).adding(.bold))
            let mark = toast.direction.map { $0 == .up ? "▲ " : "▼ " } ?? "● "
            let x = buffer.write(mark, x: rect.x + 2, y: y + 1, style: theme.style(role).adding(.bold), clip: rect.inset(by: 1))
            buffer.write(truncate(text, toWidth: rect.maxX - 2 - x), x: x, y: y + 1, style: theme.style(.text), clip: rect.inset(by: 1))
            y += 3
        }
    }
}
