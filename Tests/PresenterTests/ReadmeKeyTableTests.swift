import Foundation
import TUI
import XCTest

/// The README's key table and the default key map must agree: every key a row names is bound
/// to the action that row's test in KeyEffectTests (or MonitorLoopTests, for the theme) presses.
final class ReadmeKeyTableTests: XCTestCase {
    /// Per README row (its key cell, verbatim): the actions of its keys, in the order written.
    static let expected: [String: [KeyAction]] = [
        "`q`, Ctrl-C": [.quit, .quit],
        "up/down, `k`/`j`": [.up, .down, .up, .down],
        "left/right, `h`/`l`": [.left, .right, .left, .right],
        "`+` / `-`": [.zoomIn, .zoomOut],
        "`1`-`9`": (1...9).map { .interval($0) },
        "`f`": [.cycleRefresh],
        "`i`": [.indicatorPicker],
        "`a` / `d`": [.addSymbol, .removeSymbol],
        "`t`": [.nextTheme],
        "`p`": [.togglePause],
        "`r`": [.reconnect],
        "`c`": [.clearToasts],
        "`o` `m` `b` `n`": [.toggleToasts, .toggleModals, .toggleBell, .toggleDesktop],
        "`?`": [.help],
        "`A`": [.priceAlert],
        "`L`": [.alertList],
        "`D`": [.depthLadder],
        "`T`": [.tradesTape],
        "`[` / `]`": [.finerBook, .coarserBook],
    ]

    static let readme: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/README.md"
    }()

    /// The key cells of the table under "### `thebot` — the monitor".
    func readmeKeyCells() throws -> [String] {
        let text = try String(contentsOfFile: Self.readme, encoding: .utf8)
        let section = try XCTUnwrap(text.range(of: "### `thebot` — the monitor"), "README section not found")
        var cells: [String] = []
        var inTable = false
        for line in text[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("| key | action |") { inTable = true; continue }
            guard inTable else { continue }
            guard line.hasPrefix("|") else { break }
            if line.hasPrefix("| ---") { continue }
            let columns = line.split(separator: "|", omittingEmptySubsequences: false)
            cells.append(columns[1].trimmingCharacters(in: .whitespaces))
        }
        return cells
    }

    /// The keys a cell names: back-quoted keys, bare names such as `up/down` or `Ctrl-C`, and
    /// ranges written `` `1`-`9` ``.
    static func keys(in cell: String) -> [Key]? {
        var keys: [Key] = []
        let pieces = cell.split(separator: "`", omittingEmptySubsequences: false).map(String.init)
        // Odd pieces were inside back quotes; even ones are the text between.
        for (i, piece) in pieces.enumerated() {
            if i % 2 == 1 {
                if i >= 3, pieces[i - 1] == "-", let from = Int(pieces[i - 2]), let to = Int(piece) {
                    for n in (from + 1)...to { keys.append(.char(Character(String(n)))) }
                    continue
                }
                guard let key = Key(spec: piece) else { return nil }
                keys.append(key)
            } else if piece != "-" {
                for word in piece.split(whereSeparator: { " ,/".contains($0) }) {
                    guard let key = Key(spec: String(word)) else { return nil }
                    keys.append(key)
                }
            }
        }
        return keys
    }

    func testEveryReadmeKeyIsBoundToTheActionItsTestPresses() throws {
        let cells = try readmeKeyCells()
        XCTAssertEqual(Set(cells), Set(Self.expected.keys), "README rows and this table differ")
        for cell in cells {
            let keys = try XCTUnwrap(Self.keys(in: cell), "cannot read the keys of \(cell)")
            let actions = keys.map { KeyMap.default.action(for: $0) }
            XCTAssertEqual(actions, Self.expected[cell]?.map(Optional.some), cell)
        }
    }

    func testKeyCellReading() {
        XCTAssertEqual(Self.keys(in: "`q`, Ctrl-C"), [.char("q"), .ctrl("c")])
        XCTAssertEqual(Self.keys(in: "up/down, `k`/`j`"), [.up, .down, .char("k"), .char("j")])
        XCTAssertEqual(Self.keys(in: "`+` / `-`"), [.char("+"), .char("-")])
        XCTAssertEqual(Self.keys(in: "`1`-`3`"), [.char("1"), .char("2"), .char("3")])
        XCTAssertNil(Self.keys(in: "`nonsense`"))
    }
}
