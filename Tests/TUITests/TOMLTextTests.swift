import XCTest
@testable import TUI

/// `TOMLText` reads every text to a table or to a line and a sentence: the table headers the TOML
/// library cannot survive are refused first, and everything valid still reads.
final class TOMLTextTests: XCTestCase {
    func problem(_ text: String) -> TOMLText.Problem? {
        do {
            _ = try TOMLText.table(text)
            return nil
        } catch {
            return error
        }
    }

    func testHeadersThatDoNotStartWithAKeyAreRefusedWithTheirLine() {
        let cases: [(String, Int)] = [
            ("a = 1\n\n[[[rules]]\nname = \"x\"\n", 3),
            ("[[=\n", 1),
            ("# c\n[ \u{FFFD}x]\n", 2),
            ("[\t.a]\n", 1),
            ("x = \"\"\"\nline\n\"\"\"\n[[ [a]]\n", 4),
        ]
        for (text, line) in cases {
            let found = problem(text)
            XCTAssertEqual(found?.line, line, "\(text.debugDescription): \(String(describing: found))")
            XCTAssertTrue(found?.description.hasPrefix("a table header must start with a key name") ?? false,
                          String(describing: found))
        }
    }

    func testABracketClosingTheOtherKindIsRefusedWithItsLine() {
        // `}` where an array expects a value stops the TOML library on an assertion.
        let cases: [(String, Int, String)] = [
            ("intervals = [\"1m\", \"5m\",}}}\n", 1, "'}' cannot close an array"),
            ("a = [\n  1,\n  }\n", 3, "'}' cannot close an array"),
            ("t = { a = [1, 2 } ]\n", 1, "'}' cannot close an array"),
            ("t = { a = 1 ]\n", 1, "']' cannot close an inline table"),
        ]
        for (text, line, description) in cases {
            XCTAssertEqual(problem(text), TOMLText.Problem(line: line, description: description), text.debugDescription)
        }
    }

    func testValidTextWithBracketsInStringsArraysAndCommentsReads() throws {
        let text = """
        title = "a [ b" # [not a header
        lit = 'c:\\[x]'
        esc = "quote \\" [[[ still a string"
        multi = \"\"\"
        [[[ inside a multi-line string
        ends here""\"\"\"
        raw = '''
        [=
        '''
        nested = [
          [[1]],
          [ [2], # a comment [[[
            3 ],
        ]
        inline = { a = [1, 2], b = { c = "]" } }
        [ "quoted [key" . bare ]
        v = 1
        [[ list ]]
        w = 2
        """
        let table = try TOMLText.table(text)
        XCTAssertEqual(table["title"]?.string, "a [ b")
        XCTAssertEqual(table["esc"]?.string, "quote \" [[[ still a string")
        XCTAssertEqual(table["multi"]?.string, "[[[ inside a multi-line string\nends here\"\"")
        XCTAssertEqual(table["raw"]?.string, "[=\n")
        XCTAssertEqual(table["nested"]?.array?.count, 2)
        XCTAssertEqual(table["quoted [key"]?.table?["bare"]?.table?["v"]?.int, 1)
        XCTAssertEqual(table["list"]?.array?.count, 1)
    }

    func testOtherMistakesKeepTheLibrarysSentenceAndLine() {
        let found = problem("a = 1\nb = \n")
        XCTAssertEqual(found?.line, 2)
        XCTAssertFalse(found?.description.isEmpty ?? true)
    }
}
