import XCTest
@testable import TUI

final class SanitizeTests: XCTestCase {
    func testStripsEscapeSequences() {
        XCTAssertEqual(sanitize("a\u{1b}[2Jb"), "ab")
        XCTAssertEqual(sanitize("\u{1b}]0;owned\u{07}title"), "title")
        XCTAssertEqual(sanitize("x\u{1b}]8;;http://e\u{1b}\\link\u{1b}]8;;\u{1b}\\y"), "xlinky")
        XCTAssertEqual(sanitize("\u{1b}[38;2;255;0;0mred\u{1b}[0m"), "red")
        XCTAssertEqual(sanitize("a\u{9b}31mb"), "ab", "C1 CSI")
        XCTAssertEqual(sanitize("a\u{1b}Pq#0;2;0;0;0\u{1b}\\b"), "ab", "DCS (sixel)")
    }

    func testStripsControlsAndBidiOverrides() {
        XCTAssertEqual(sanitize("BTC\u{0}USDT"), "BTCUSDT")
        XCTAssertEqual(sanitize("abc\u{202e}fed"), "abcfed")
        XCTAssertEqual(sanitize("\u{2066}x\u{2069}\u{200f}"), "x")
        XCTAssertEqual(sanitize("del\u{7f}ete\u{85}"), "delete")
        XCTAssertEqual(sanitize("bell\u{07}"), "bell")
    }

    func testTabsAndNewlinesBecomeOneSpace() {
        XCTAssertEqual(sanitize("line one\nline\ttwo\r\n\tend"), "line one line two end")
    }

    func testKeepsOrdinaryUnicode() {
        XCTAssertEqual(sanitize("币安人生USDT · ok"), "币安人生USDT · ok")
    }

    func testHostileStringsNeverReachTheBuffer() {
        var state = SampleState.make(candles: 60)
        state.watchlist[0].symbol = "\u{1b}[2JEVIL"
        state.signals[0].reason = "\u{1b}]0;x\u{07}reason\u{202e}"
        state.message = "bad\nthing\u{1b}[1m"
        state.endpointLabel = "host\u{0}\u{1b}c"
        let buffer = Fixtures.render(state, 160, 48)
        for cell in buffer.cells {
            let v = cell.scalar.value
            XCTAssertFalse(v == 0x1B || (v < 0x20 && v != 0) || (0x7F...0x9F).contains(v) || isBidiControl(v),
                           "control \(v) reached the buffer")
        }
        XCTAssertTrue(buffer.textLines().joined().contains("EVIL"))
    }
}
