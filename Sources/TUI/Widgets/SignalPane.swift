/// Signal history, newest first: time, symbol, direction, rule and reason.
public struct SignalPane {
    public var signals: [SignalRow]
    public var theme: Theme

    /// Drawn before the rule of a signal the history has not stored.
    public static let unsavedMark = "[not saved]"

    public init(signals: [SignalRow], theme: Theme) {
        self.signals = signals
        self.theme = theme
    }

    /// Newest first; equal times keep their given order (stable), so the list does not jitter.
    public static func ordered(_ signals: [SignalRow]) -> [SignalRow] {
        signals.enumerated().sorted { a, b in
            a.element.timeMs != b.element.timeMs ? a.element.timeMs > b.element.timeMs : a.offset > b.offset
        }.map(\.element)
    }

    public func render(into buffer: inout Buffer, in rect: Rect) {
        let inner = Panel.draw(&buffer, rect, title: "Signals", theme: theme)
        guard !inner.isEmpty else { return }
        guard !signals.isEmpty else {
            Panel.placeholder(&buffer, inner, "no signals yet", theme: theme)
            return
        }
        // Wide panes give a signal one row; narrow ones give the reason a second row.
        let twoRows = inner.width < 60
        var y = inner.y
        for s in SignalPane.ordered(signals) {
            guard y < inner.maxY else { break }
            let role: ThemeRole = s.direction == .up ? .bull : .bear
            let clip = Rect(x: inner.x, y: y, width: inner.width, height: 1)
            var x = buffer.write(Formatting.clock(s.timeMs), x: inner.x, y: y, style: theme.style(.dimText), clip: clip)
            x = buffer.write(s.direction == .up ? " ▲ " : " ▼ ", x: x, y: y, style: theme.style(role).adding(.bold), clip: clip)
            x = buffer.write(pad(sanitize(s.symbol), toWidth: 9), x: x, y: y, style: theme.style(.text).adding(.bold), clip: clip)
            // The history refused it (it is held and retried): never shown as stored. A narrow
            // pane puts the mark on the reason's row, so the rule stays readable.
            if !s.saved && !twoRows {
                x = buffer.write(SignalPane.unsavedMark + " ", x: x, y: y, style: theme.style(.critical).adding(.bold), clip: clip)
            }
            x = buffer.write(sanitize(s.rule), x: x, y: y, style: theme.style(role), clip: clip)
            if twoRows {
                y += 1
                guard y < inner.maxY else { break }
                let reasonClip = Rect(x: inner.x, y: y, width: inner.width, height: 1)
                var rx = inner.x + 3
                if !s.saved {
                    rx = buffer.write(SignalPane.unsavedMark + " ", x: rx, y: y, style: theme.style(.critical).adding(.bold),
                                      clip: reasonClip)
                }
                buffer.write(truncate(sanitize(s.reason), toWidth: max(0, inner.maxX - rx)), x: rx, y: y,
                             style: theme.style(.dimText), clip: reasonClip)
            } else {
                buffer.write("  " + truncate(sanitize(s.reason), toWidth: max(0, inner.maxX - x - 2)), x: x, y: y,
                             style: theme.style(.dimText), clip: clip)
            }
            y += 1
        }
    }
}
