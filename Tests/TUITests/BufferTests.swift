import XCTest
@testable import TUI

final class BufferTests: XCTestCase {
    func testWriteIsClippedToRectAndBuffer() {
        var b = Buffer(width: 10, height: 2)
        let end = b.write("hello world", x: 2, y: 0, style: .plain, clip: Rect(x: 0, y: 0, width: 6, height: 1))
        XCTAssertEqual(b.row(0), "  hell    ")
        XCTAssertEqual(end, 6)
        b.write("abc", x: -1, y: 1, style: .plain)
        XCTAssertEqual(b.row(1), "bc        ")
        b.write("zzz", x: 0, y: 5, style: .plain) // outside: no crash, no effect
        XCTAssertEqual(b.textLines().count, 2)
    }

    func testWideCharactersTakeTwoColumnsAndAreNotSplitAtTheEdge() {
        var b = Buffer(width: 6, height: 1)
        let end = b.write("币安A", x: 0, y: 0, style: .plain)
        XCTAssertEqual(end, 5)
        XCTAssertTrue(b[1, 0].isContinuation)
        XCTAssertEqual(b.row(0), "币安A ")
        var c = Buffer(width: 3, height: 1)
        c.write("A币", x: 1, y: 0, style: .plain, clip: Rect(x: 0, y: 0, width: 3, height: 1))
        XCTAssertEqual(c.row(0), " A ", "half a wide character is not drawn")
    }

    func testBoxWithTitle() {
        var b = Buffer(width: 12, height: 3)
        b.box(b.bounds, style: .plain, title: "Pane")
        XCTAssertEqual(b.textLines(), ["╭─ Pane ───╮", "│          │", "╰──────────╯"])
    }

    func testASCIIFallbackReplacesEveryNonASCIIGlyph() {
        var b = Buffer(width: 8, height: 1)
        b.write("┃╽│⠿▃●币", x: 0, y: 0, style: .plain)
        b.applyASCIIFallback()
        let row = b.row(0)
        XCTAssertTrue(row.unicodeScalars.allSatisfy { $0.value < 0x80 }, row)
        XCTAssertEqual(row, "##|:.*? ")
    }

    func testTruncateAndPad() {
        XCTAssertEqual(truncate("BTCUSDT", toWidth: 5), "BTCU…")
        XCTAssertEqual(truncate("BTC", toWidth: 5), "BTC")
        XCTAssertEqual(pad("1.5", toWidth: 5, alignRight: true), "  1.5")
        XCTAssertEqual(displayWidth("币安"), 4)
    }
}
