/// The top row: name, DEMO badge, endpoint, health, data age, message rate, reconnects, refresh
/// rate, pause state and the UTC clock at the right. Less important segments drop when narrow.
public struct StatusBar {
    public var state: MonitorState
    public var theme: Theme

    public init(state: MonitorState, theme: Theme) {
        self.state = state
        self.theme = theme
    }

    public func render(into buffer: inout Buffer, in rect: Rect) {
        guard rect.height >= 1, rect.width > 0 else { return }
        let bg = theme.color(.selection)
        let barBase = bg.isDefault ? theme.base.adding(.reverse) : theme.base.with(bg: bg)
        func style(_ role: ThemeRole, bold: Bool = false) -> Style {
            var s = bg.isDefault ? theme.style(role).adding(.reverse) : theme.style(role).with(bg: bg)
            if bold { s = s.adding(.bold) }
            return s
        }
        buffer.fill(rect, style: barBase)
        let y = rect.y
        let clock = Formatting.clock(state.nowMs) + " UTC "
        let clockX = rect.maxX - displayWidth(clock)
        let clip = Rect(x: rect.x, y: y, width: max(0, clockX - 1 - rect.x), height: 1)

        let h = state.health
        let healthRole = theme.healthRole(h.state)
        var segments: [(text: String, style: Style, priority: Int)] = []
        segments.append((" " + sanitize(state.title) + " ", style(.title, bold: true), 0))
        if state.isDemo { segments.append((" DEMO ", theme.badge(.badge), 0)) }
        segments.append((" ● " + h.state.rawValue.uppercased() + " ", style(healthRole, bold: true), 0))
        if state.paused { segments.append((" PAUSED ", theme.badge(.warning), 0)) }
        if h.backfilling { segments.append((" backfilling… ", style(.warning), 2)) }
        segments.append((" age " + Formatting.age(seconds: h.dataAgeSeconds) + " ", style(h.dataAgeSeconds > 5 ? .stale : .text), 1))
        segments.append((" " + Formatting.abbreviated(h.messagesPerSecond) + " msg/s ", style(.text), 2))
        segments.append((" ↻ \(h.reconnects) ", style(h.reconnects > 0 ? .warning : .dimText), 3))
        if let w = h.restWeightUsed { segments.append((" wt \(w) ", style(.dimText), 4)) }
        segments.append((" ⟳ \(state.refreshMilliseconds)ms ", style(.dimText), 2))
        if !state.endpointLabel.isEmpty { segments.append((" " + sanitize(state.endpointLabel) + " ", style(.dimText), 5)) }

        // Drop the least important segments until the rest fit left of the clock.
        // Segments after the badges are separated by a thin bar, which counts toward the width.
        func width(upTo priority: Int) -> Int {
            segments.filter { $0.priority <= priority }.map { displayWidth($0.text) + ($0.priority > 0 ? 1 : 0) }.reduce(0, +)
        }
        var maxPriority = 5
        while maxPriority > 0 && width(upTo: maxPriority) > clip.width {
            maxPriority -= 1
        }
        var x = rect.x
        var first = true
        for s in segments where s.priority <= maxPriority {
            if s.priority > 0 {
                if !first { x = buffer.write("│", x: x, y: y, style: style(.border), clip: clip) }
                first = false
            }
            x = buffer.write(s.text, x: x, y: y, style: s.style, clip: clip)
        }
        buffer.write(clock, x: clockX, y: y, style: style(.text, bold: true), clip: rect)
    }
}
