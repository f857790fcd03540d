/// A dot canvas with 2x4 dots per cell (Unicode braille), for indicator lines: four times the
/// vertical resolution of text rows at no cost in font support beyond braille.
struct BrailleCanvas {
    let rect: Rect
    private var dots: [UInt8]
    private var colors: [Color]

    init(rect: Rect) {
        self.rect = rect
        dots = Array(repeating: 0, count: max(0, rect.width * rect.height))
        colors = Array(repeating: .default, count: max(0, rect.width * rect.height))
    }

    var dotWidth: Int { rect.width * 2 }
    var dotHeight: Int { rect.height * 4 }

    // Bit for dot (column c of 2, row r of 4), as Unicode numbers braille dots.
    private static let bits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    mutating func set(dx: Int, dy: Int, color: Color) {
        guard dx >= 0, dy >= 0, dx < dotWidth, dy < dotHeight else { return }
        let i = (dy / 4) * rect.width + dx / 2
        dots[i] |= BrailleCanvas.bits[dy % 4][dx % 2]
        colors[i] = color
    }

    /// A straight line between two dots (Bresenham), clipped to the canvas.
    mutating func line(from a: (Int, Int), to b: (Int, Int), color: Color) {
        var x0 = a.0, y0 = a.1
        let x1 = b.0, y1 = b.1
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        var guardCount = 0
        while guardCount < 4096 {
            set(dx: x0, dy: y0, color: color)
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x0 += sx }
            if e2 <= dx { err += dx; y0 += sy }
            guardCount += 1
        }
    }

    /// Copies the dots into the buffer, only over cells `canDraw` allows (candles stay in front).
    func draw(into buffer: inout Buffer, background: Color, canDraw: (Cell) -> Bool) {
        for row in 0..<rect.height {
            for col in 0..<rect.width {
                let i = row * rect.width + col
                let d = dots[i]
                guard d != 0 else { continue }
                let x = rect.x + col, y = rect.y + row
                guard let cell = buffer.cell(x: x, y: y), canDraw(cell) else { continue }
                buffer[x, y] = Cell(Unicode.Scalar(0x2800 + UInt32(d))!, style: Style(fg: colors[i], bg: background))
            }
        }
    }
}
