import XCTest
@testable import TUI

final class RecordingPainter: TerminalPainter {
    var clears = 0
    var puts: [(Int, Int, Cell)] = []
    var flushes = 0
    func clearAll() { clears += 1 }
    func put(x: Int, y: Int, cell: Cell) { puts.append((x, y, cell)) }
    func flush() { flushes += 1 }
}

final class FramePresenterTests: XCTestCase {
    func testOnlyChangedCellsArePaintedAndNothingIsClearedPerFrame() {
        let painter = RecordingPainter()
        let presenter = FramePresenter(painter: painter)
        var b = Buffer(width: 20, height: 5)
        b.write("hello", x: 0, y: 0, style: .plain)
        XCTAssertEqual(presenter.present(b), 100, "first frame is painted whole")
        XCTAssertEqual(painter.clears, 1)

        painter.puts = []
        b.write("jello", x: 0, y: 0, style: .plain)
        XCTAssertEqual(presenter.present(b), 1)
        XCTAssertEqual(painter.puts.map { $0.0 }, [0])
        XCTAssertEqual(painter.puts.first?.2.scalar, "j")

        painter.puts = []
        b.set(x: 3, y: 2, "x", Style(fg: Color(r: 1, g: 2, b: 3)))
        b.setForeground(x: 1, y: 0, Color(r: 9, g: 9, b: 9))
        XCTAssertEqual(presenter.present(b), 2, "a colour change counts as a change")

        painter.puts = []
        XCTAssertEqual(presenter.present(b), 0, "an identical frame writes nothing")
        XCTAssertEqual(painter.clears, 1, "never cleared again")
    }

    func testResizeRepaintsWhole() {
        let painter = RecordingPainter()
        let presenter = FramePresenter(painter: painter)
        presenter.present(Buffer(width: 4, height: 2))
        XCTAssertEqual(presenter.present(Buffer(width: 5, height: 2)), 10)
        XCTAssertEqual(painter.clears, 2)
        presenter.invalidate()
        XCTAssertEqual(presenter.present(Buffer(width: 5, height: 2)), 10)
    }

    func testClockTickOfAFullFrameIsSmall() {
        let painter = RecordingPainter()
        let presenter = FramePresenter(painter: painter)
        var state = SampleState.make()
        let renderer = MonitorRenderer(theme: .dark)
        presenter.present(renderer.render(state, width: 160, height: 48))
        state.nowMs += 1_000
        state.toasts = []
        state.nowMs += 0
        let first = renderer.render(state, width: 160, height: 48)
        presenter.present(first)
        state.nowMs += 1_000
        let written = presenter.present(renderer.render(state, width: 160, height: 48))
        XCTAssertLessThanOrEqual(written, 2, "only the seconds of the clock changed")
        XCTAssertGreaterThan(written, 0)
    }

    func testWideCharacterContinuationRepaintsItsLeftHalf() {
        let painter = RecordingPainter()
        let presenter = FramePresenter(painter: painter)
        var b = Buffer(width: 4, height: 1)
        b.write("ab", x: 0, y: 0, style: .plain)
        presenter.present(b)
        painter.puts = []
        b.write("币", x: 0, y: 0, style: .plain)
        presenter.present(b)
        XCTAssertEqual(painter.puts.map { $0.0 }, [0], "the wide character is painted once, at its left cell")
    }
}
