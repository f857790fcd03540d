/// A grid of cells that widgets draw into. Everything is clipped: to the buffer, and to the
/// `Rect` a write is given, so a widget cannot spill into its neighbour.
public struct Buffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    @inline(__always)
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// The cell at (x, y), or nil outside the buffer.
    public func cell(x: Int, y: Int) -> Cell? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        return cells[y * width + x]
    }

    @inline(__always)
    public mutating func set(x: Int, y: Int, _ scalar: Unicode.Scalar, _ style: Style) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x] = Cell(scalar, style: style)
    }

    /// Sets a cell only when it is inside `clip` too.
    @inline(__always)
    public mutating func set(x: Int, y: Int, _ scalar: Unicode.Scalar, _ style: Style, clip: Rect) {
        guard clip.contains(x: x, y: y) else { return }
        set(x: x, y: y, scalar, style)
    }

    /// Changes the foreground of a cell without touching its character or background.
    public mutating func setForeground(x: Int, y: Int, _ color: Color) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x].style.fg = color
    }

    public mutating func fill(_ rect: Rect, _ scalar: Unicode.Scalar = " ", style: Style) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        let cell = Cell(scalar, style: style)
        for y in r.y..<r.maxY {
            let row = y * width
            for x in r.x..<r.maxX { cells[row + x] = cell }
        }
    }

    /// Sets the background of every cell in `rect`, keeping characters (a selection highlight).
    public mutating func paintBackground(_ rect: Rect, _ color: Color) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x].style.bg = color }
        }
    }

    /// Writes `text` from (x, y) on one row, clipped to `clip` (the whole buffer when nil).
    /// Returns the column after the last character written. Wide characters that would be cut
    /// in half at the clip edge are left out.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        let c = (clip ?? bounds).intersection(bounds)
        guard y >= c.y, y < c.maxY else { return x + CharWidth.width(text) }
        var cx = x
        for s in text.unicodeScalars {
            let w = CharWidth.of(s)
            if w == 0 { continue }
            if cx >= c.maxX { break }
            if cx >= c.x {
                if w == 2 {
                    if cx + 1 < c.maxX {
                        cells[y * width + cx] = Cell(s, style: style)
                        cells[y * width + cx + 1] = Cell(Cell.continuationScalar, style: style)
                    } else {
                        cells[y * width + cx] = Cell(" ", style: style)
                    }
                } else {
                    cells[y * width + cx] = Cell(s, style: style)
                }
            }
            cx += w
        }
        return cx
    }

    /// Writes `text` so that it ends at column `rightX` (exclusive).
    @discardableResult
    public mutating func writeRight(_ text: String, rightX: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        let start = rightX - CharWidth.width(text)
        write(text, x: start, y: y, style: style, clip: clip)
        return start
    }

    public mutating func hline(x: Int, y: Int, length: Int, _ scalar: Unicode.Scalar, style: Style, clip: Rect? = nil) {
        let c = (clip ?? bounds).intersection(bounds)
        guard y >= c.y, y < c.maxY else { return }
        let from = max(x, c.x), to = min(x + length, c.maxX)
        guard from < to else { return }
        for cx in from..<to { cells[y * width + cx] = Cell(scalar, style: style) }
    }

    public mutating func vline(x: Int, y: Int, length: Int, _ scalar: Unicode.Scalar, style: Style, clip: Rect? = nil) {
        let c = (clip ?? bounds).intersection(bounds)
        guard x >= c.x, x < c.maxX else { return }
        let from = max(y, c.y), to = min(y + length, c.maxY)
        guard from < to else { return }
        for cy in from..<to { cells[cy * width + x] = Cell(scalar, style: style) }
    }

    /// A rounded box on the edge of `rect`, with an optional title in the top border.
    public mutating func box(_ rect: Rect, style: Style, title: String? = nil, titleStyle: Style? = nil, rounded: Bool = true) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let (tl, tr, bl, br): (Unicode.Scalar, Unicode.Scalar, Unicode.Scalar, Unicode.Scalar) =
            rounded ? ("╭", "╮", "╰", "╯") : ("┌", "┐", "└", "┘")
        hline(x: rect.x + 1, y: rect.y, length: rect.width - 2, "─", style: style)
        hline(x: rect.x + 1, y: rect.maxY - 1, length: rect.width - 2, "─", style: style)
        vline(x: rect.x, y: rect.y + 1, length: rect.height - 2, "│", style: style)
        vline(x: rect.maxX - 1, y: rect.y + 1, length: rect.height - 2, "│", style: style)
        set(x: rect.x, y: rect.y, tl, style)
        set(x: rect.maxX - 1, y: rect.y, tr, style)
        set(x: rect.x, y: rect.maxY - 1, bl, style)
        set(x: rect.maxX - 1, y: rect.maxY - 1, br, style)
        if let title, !title.isEmpty, rect.width > 6 {
            let t = truncate(" " + title + " ", toWidth: rect.width - 4)
            write(t, x: rect.x + 2, y: rect.y, style: titleStyle ?? style,
                  clip: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1))
        }
    }

    /// The text of each row, continuation cells left out (for tests and for dumping a frame).
    public func textLines() -> [String] {
        (0..<height).map { y in
            var line = String.UnicodeScalarView()
            for x in 0..<width {
                let c = cells[y * width + x]
                if !c.isContinuation { line.append(c.scalar) }
            }
            return String(line)
        }
    }

    /// Replaces every glyph an ASCII terminal cannot show with its closest ASCII stand-in.
    public mutating func applyASCIIFallback() {
        for i in cells.indices where cells[i].scalar.value >= 0x80 {
            if cells[i].isContinuation { continue }
            let w = CharWidth.of(cells[i].scalar)
            cells[i].scalar = GlyphFallback.ascii(for: cells[i].scalar)
            // A wide character becomes one narrow stand-in plus a space.
            if w == 2, i + 1 < cells.count, cells[i + 1].isContinuation { cells[i + 1].scalar = " " }
        }
        for i in cells.indices where cells[i].isContinuation { cells[i].scalar = " " }
    }
}
