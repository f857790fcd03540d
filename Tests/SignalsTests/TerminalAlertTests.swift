import XCTest
@testable import Signals

final class TerminalAlertTests: XCTestCase {
    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    func testOSC9IsByteExact() {
        XCTAssertEqual(TerminalAlert.osc9("BTCUSDT up", tmux: false), [0x1B, 0x5D] + bytes("9;BTCUSDT up") + [0x07])
    }

    func testOSC777IsByteExact() {
        XCTAssertEqual(TerminalAlert.osc777(title: "thebot", body: "RSI 28.4", tmux: false),
                       [0x1B, 0x5D] + bytes("777;notify;thebot;RSI 28.4") + [0x07])
    }

    func testTmuxPassthroughDoublesEveryEscape() {
        XCTAssertEqual(TerminalAlert.osc9("hi", tmux: true),
                       [0x1B] + bytes("Ptmux;") + [0x1B, 0x1B, 0x5D] + bytes("9;hi") + [0x07, 0x1B, 0x5C])
        XCTAssertEqual(TerminalAlert.osc777(title: "t", body: "b", tmux: true),
                       [0x1B] + bytes("Ptmux;") + [0x1B, 0x1B, 0x5D] + bytes("777;notify;t;b") + [0x07, 0x1B, 0x5C])
        XCTAssertEqual(TerminalAlert.tmuxPassthrough([0x1B, 0x41, 0x1B]), [0x1B, 0x50] + bytes("tmux;") + [0x1B, 0x1B, 0x41, 0x1B, 0x1B, 0x1B, 0x5C])
        XCTAssertTrue(TerminalAlert.insideTmux(["TMUX": "/run/user/0/tmux-0/default,1,0"]))
        XCTAssertFalse(TerminalAlert.insideTmux(["TMUX": ""]))
        XCTAssertFalse(TerminalAlert.insideTmux([:]))
    }

    func testTextIsSanitised() {
        // An embedded BEL or ESC \ would end the sequence early; a ';' would add an OSC 777 field.
        let sequence = TerminalAlert.osc777(title: "a;b\u{7}c", body: "x\u{1B}]9;evil\u{1B}\\y\u{9B}z\nw", tmux: false)
        XCTAssertEqual(sequence, [0x1B, 0x5D] + bytes("777;notify;a,b c;x ]9,evil \\y z w") + [0x07])
        XCTAssertEqual(sequence.filter { $0 == 0x1B }.count, 1)
        XCTAssertEqual(sequence.filter { $0 == 0x07 }.count, 1)
        XCTAssertEqual(TerminalText.sanitized("ok\u{7F}\u{0}done"), "ok done")
        XCTAssertEqual(TerminalText.oscField(String(repeating: "x", count: 500)).count, 240)
    }
}
