import XCTest
@testable import TUI

final class KeyMapTests: XCTestCase {
    func testDefaults() {
        let m = KeyMap.default
        XCTAssertEqual(m.action(for: .char("q")), .quit)
        XCTAssertEqual(m.action(for: .ctrl("c")), .quit)
        XCTAssertEqual(m.action(for: .char("k")), .up)
        XCTAssertEqual(m.action(for: .down), .down)
        XCTAssertEqual(m.action(for: .char("h")), .left)
        XCTAssertEqual(m.action(for: .right), .right)
        XCTAssertEqual(m.action(for: .char("+")), .zoomIn)
        XCTAssertEqual(m.action(for: .char("-")), .zoomOut)
        XCTAssertEqual(m.action(for: .char("7")), .interval(7))
        XCTAssertEqual(m.action(for: .char("f")), .cycleRefresh)
        XCTAssertEqual(m.action(for: .char("i")), .indicatorPicker)
        XCTAssertEqual(m.action(for: .char("a")), .addSymbol)
        XCTAssertEqual(m.action(for: .char("d")), .removeSymbol)
        XCTAssertEqual(m.action(for: .char("t")), .nextTheme)
        XCTAssertEqual(m.action(for: .char("p")), .togglePause)
        XCTAssertEqual(m.action(for: .char("r")), .reconnect)
        XCTAssertEqual(m.action(for: .char("c")), .clearToasts)
        XCTAssertEqual(m.action(for: .char("?")), .help)
        XCTAssertEqual(m.action(for: .escape), .escape)
        XCTAssertNil(m.action(for: .char("z")))
    }

    func testTextEntryTreatsLettersAsText() {
        let m = KeyMap.default
        XCTAssertEqual(m.textEntryAction(for: .char("q")), .char("q"))
        XCTAssertEqual(m.textEntryAction(for: .backspace), .backspace)
        XCTAssertEqual(m.textEntryAction(for: .enter), .enter)
        XCTAssertEqual(m.textEntryAction(for: .ctrl("c")), .quit)
    }

    func testRemapping() throws {
        let m = try KeyMap.default.remapped(["quit": "x ctrl-q", "zoom_in": "pgup", "nextTheme": "q"])
        XCTAssertEqual(m.action(for: .char("x")), .quit)
        XCTAssertEqual(m.action(for: .ctrl("q")), .quit)
        XCTAssertEqual(m.action(for: .char("q")), .nextTheme, "q moved to next-theme")
        XCTAssertNil(m.action(for: .ctrl("c")), "quit's old keys are gone")
        XCTAssertEqual(m.action(for: .pageUp), .zoomIn)
        XCTAssertNil(m.action(for: .char("t")))
        XCTAssertTrue(m.helpLines.contains("x ctrl-q  quit"), m.helpLines.joined(separator: "\n"))
    }

    func testRemapErrorsAreSentences() {
        XCTAssertThrowsError(try KeyMap.default.remapped(["explode": "x"])) { error in
            let text = (error as! KeyMap.RemapError).description
            XCTAssertTrue(text.hasPrefix("Unknown action \"explode\" in key bindings; known actions: quit, up"), text)
        }
        XCTAssertThrowsError(try KeyMap.default.remapped(["quit": "ctrl-"])) { error in
            XCTAssertTrue((error as! KeyMap.RemapError).description.hasPrefix("Unknown key \"ctrl-\" for action \"quit\""))
        }
    }

    func testKeySpecs() {
        XCTAssertEqual(Key(spec: "ctrl-x"), .ctrl("x"))
        XCTAssertEqual(Key(spec: "C-x"), .ctrl("x"))
        XCTAssertEqual(Key(spec: "space"), .char(" "))
        XCTAssertEqual(Key(spec: "F5"), .function(5))
        XCTAssertEqual(Key(spec: "Esc"), .escape)
        XCTAssertNil(Key(spec: "hyper-x"))
        XCTAssertEqual(KeyDecoding.key(fromCharacter: 3), .ctrl("c"))
        XCTAssertEqual(KeyDecoding.key(fromCharacter: 13), .enter)
        XCTAssertEqual(KeyDecoding.key(fromCharacter: 127), .backspace)
        XCTAssertEqual(KeyDecoding.key(fromCharacter: 0x5E01), .char("币"))
    }
}
