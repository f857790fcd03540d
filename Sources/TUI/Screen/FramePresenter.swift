/// The few drawing calls a terminal backend needs. NCursesScreen implements it with ncurses; tests
/// implement it with a recorder to check that only changed cells are sent.
public protocol TerminalPainter: AnyObject {
    /// Clears the whole terminal: only on the first frame and after a resize.
    func clearAll()
    func put(x: Int, y: Int, cell: Cell)
    /// Sends what was put to the terminal.
    func flush()
}

/// Paints a buffer by difference with the one painted before, so a frame where only the clock
/// changed writes eight cells. Never clears per frame: a full clear is what makes terminals flicker.
public final class FramePresenter {
    public private(set) var previous: Buffer?
    private let painter: TerminalPainter

    public init(painter: TerminalPainter) {
        self.painter = painter
    }

    /// Forget what is on screen (after a resize or an external redraw): the next frame is painted whole.
    public func invalidate() {
        previous = nil
    }

    /// Returns the number of cells written.
    @discardableResult
    public func present(_ buffer: Buffer) -> Int {
        var written = 0
        let fullPaint = previous?.width != buffer.width || previous?.height != buffer.height
        if let old = previous, old.width == buffer.width, old.height == buffer.height {
            for y in 0..<buffer.height {
                for x in 0..<buffer.width {
                    let cell = buffer[x, y]
                    guard cell != old[x, y] else { continue }
                    if cell.isContinuation {
                        // The wide character to its left paints both halves; repaint it if it did not change.
                        if x > 0, buffer[x - 1, y] == old[x - 1, y] {
                            painter.put(x: x - 1, y: y, cell: buffer[x - 1, y])
                            written += 1
                        }
                        continue
                    }
                    painter.put(x: x, y: y, cell: cell)
                    written += 1
                }
            }
        } else {
            painter.clearAll()
            for y in 0..<buffer.height {
                for x in 0..<buffer.width where !buffer[x, y].isContinuation {
                    painter.put(x: x, y: y, cell: buffer[x, y])
                    written += 1
                }
            }
        }
        previous = buffer
        if written > 0 || fullPaint { painter.flush() }
        return written
    }
}
