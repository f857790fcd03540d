/// A centred box over everything, bordered in its severity colour.
public struct Modal {
    public var modal: ModalView
    public var theme: Theme

    public init(modal: ModalView, theme: Theme) {
        self.modal = modal
        self.theme = theme
    }

    public func render(into buffer: inout Buffer, in screen: Rect) {
        let role = theme.severityRole(modal.severity)
        let lines = modal.lines.map(sanitize)
        let footer = "Enter or Esc to close"
        let contentWidth = max(displayWidth(sanitize(modal.title)) + 4, displayWidth(footer), lines.map(displayWidth).max() ?? 0)
        let width = min(screen.width - 4, max(40, contentWidth + 6))
        let height = min(screen.height - 2, lines.count + 5)
        let rect = screen.centered(width: width, height: height)
        buffer.fill(rect, style: theme.base)
        buffer.box(rect, style: theme.style(role).adding(.bold), title: sanitize(modal.title), titleStyle: theme.badge(role))
        let inner = rect.inset(top: 2, left: 3, bottom: 2, right: 3)
        for (k, line) in lines.prefix(inner.height).enumerated() {
            buffer.write(truncate(line, toWidth: inner.width), x: inner.x, y: inner.y + k, style: theme.style(.text), clip: inner)
        }
        buffer.write(footer, x: rect.x + (rect.width - displayWidth(footer)) / 2, y: rect.maxY - 2,
                     style: theme.style(.dimText), clip: rect.inset(by: 1))
    }
}

/// Every key and what it does, in a centred box.
public struct HelpOverlay {
    public var lines: [String]
    public var theme: Theme

    public init(lines: [String], theme: Theme) {
        self.lines = lines
        self.theme = theme
    }

    public func render(into buffer: inout Buffer, in screen: Rect) {
        let clean = lines.map(sanitize)
        // Key column (14) plus the longest description, plus borders and margins.
        let longest = clean.map { line in line.firstRange(of: "  ").map { displayWidth(String(line[$0.upperBound...])) + 15 } ?? displayWidth(line) }.max() ?? 0
        let width = min(screen.width - 4, max(44, longest + 8))
        let height = min(screen.height - 2, clean.count + 4)
        let rect = screen.centered(width: width, height: height)
        buffer.fill(rect, style: theme.base)
        buffer.box(rect, style: theme.style(.title), title: "Keys", titleStyle: theme.style(.title).adding(.bold))
        let inner = rect.inset(top: 1, left: 3, bottom: 2, right: 3)
        for (k, line) in clean.prefix(inner.height).enumerated() {
            // "key  description": the key part is highlighted.
            let y = inner.y + k
            if let split = line.firstRange(of: "  ") {
                let key = String(line[..<split.lowerBound])
                let x = buffer.write(pad(key, toWidth: 14), x: inner.x, y: y, style: theme.style(.title), clip: inner)
                buffer.write(String(line[split.upperBound...]).trimmingSpaces, x: x, y: y, style: theme.style(.text), clip: inner)
            } else {
                buffer.write(line, x: inner.x, y: y, style: theme.style(.text), clip: inner)
            }
        }
        let hint = "? or Esc to close"
        buffer.write(hint, x: rect.x + (rect.width - displayWidth(hint)) / 2, y: rect.maxY - 2, style: theme.style(.dimText),
                     clip: rect.inset(by: 1))
    }
}

/// The indicator picker and add-symbol prompt: an input line with a cursor and the candidates
/// matching it, the selected one highlighted.
public struct Picker {
    public var picker: PickerView
    public var theme: Theme

    public init(picker: PickerView, theme: Theme) {
        self.picker = picker
        self.theme = theme
    }

    public func render(into buffer: inout Buffer, in screen: Rect) {
        let shown = min(picker.candidates.count, 10)
        let width = min(screen.width - 4, 56)
        let height = min(screen.height - 2, 5 + shown + (picker.hint == nil ? 0 : 1))
        let rect = screen.centered(width: width, height: height)
        buffer.fill(rect, style: theme.base)
        buffer.box(rect, style: theme.style(.title), title: sanitize(picker.prompt), titleStyle: theme.style(.title).adding(.bold))
        let inner = rect.inset(top: 1, left: 2, bottom: 1, right: 2)
        var x = buffer.write("› ", x: inner.x, y: inner.y, style: theme.style(.title), clip: inner)
        x = buffer.write(sanitize(picker.input), x: x, y: inner.y, style: theme.style(.text).adding(.bold), clip: inner)
        buffer.write("▏", x: x, y: inner.y, style: theme.style(.title), clip: inner)
        buffer.hline(x: inner.x, y: inner.y + 1, length: inner.width, "─", style: theme.style(.border))
        // Keep the selection visible when the list is longer than the box.
        let selected = picker.selected ?? -1
        let first = max(0, min(selected - shown + 1, picker.candidates.count - shown))
        for k in 0..<shown {
            let index = first + k
            let y = inner.y + 2 + k
            guard y < inner.maxY else { break }
            let row = Rect(x: inner.x, y: y, width: inner.width, height: 1)
            var style = theme.style(.text)
            if index == selected {
                let sel = theme.color(.selection)
                style = sel.isDefault ? style.adding(.reverse) : style.with(bg: sel).adding(.bold)
                buffer.fill(row, style: style)
            }
            buffer.write((index == selected ? "▌" : " ") + sanitize(picker.candidates[index]), x: inner.x, y: y, style: style, clip: row)
        }
        if let hint = picker.hint {
            buffer.write(truncate(sanitize(hint), toWidth: inner.width), x: inner.x, y: inner.maxY - 1, style: theme.style(.dimText), clip: inner)
        }
    }
}

/// Shown instead of the monitor when the terminal is smaller than the layout needs.
public struct TooSmallScreen {
    public var theme: Theme
    public init(theme: Theme) { self.theme = theme }

    public func render(into buffer: inout Buffer, in screen: Rect) {
        buffer.fill(screen, style: theme.base)
        let lines = [
            "Terminal too small",
            "need \(Layout.minimumWidth)x\(Layout.minimumHeight), have \(screen.width)x\(screen.height)",
            "enlarge the window, or press q to quit",
        ]
        let top = screen.y + max(0, (screen.height - lines.count) / 2)
        for (k, line) in lines.enumerated() {
            let t = truncate(line, toWidth: screen.width)
            let style = k == 0 ? theme.style(.warning).adding(.bold) : theme.style(k == 1 ? .text : .dimText)
            buffer.write(t, x: screen.x + max(0, (screen.width - displayWidth(t)) / 2), y: top + k, style: style, clip: screen)
        }
    }
}
