import Foundation
import XCTest

/// `A` in the real monitor: the alert's price shows on the chart's axis, the simulated price
/// crossing it brings a toast and a history row, and after a restart the alerts still waiting
/// are drawn again and the fired one is a marker (both come back from the signal database).
final class PriceAlertEndToEndTests: XCTestCase {
    /// Toasts on (the test waits for one), modals and terminal notifications off.
    static let config = """
    [alerts]
    toast = true
    desktop = false
    bell = false
    modal_strength = 2
    """

    func testAlertLineToastHistoryAndRestart() throws {
        let t = try TmuxDriver(width: 160, height: 48, config: Self.config)
        defer { t.shutdown() }
        func startDemo() throws -> TmuxDriver.Screen {
            try t.startThebot(["--demo", "--speed", "10"])
            return try t.waitFor("the demo monitor's first frame with prices") { s in
                s.contains("BTCUSDT · 1m") && s.watchlistLast("BTCUSDT") != nil
            }
        }
        let first = try startDemo()
        let last = try XCTUnwrap(Double(try XCTUnwrap(first.watchlistLast("BTCUSDT"))))
        // Two alerts a hair either side of the price (one of them fires within seconds) and a
        // keeper that stays waiting through the restart: the axis' grid price farthest from the
        // last one, so it is on the chart and out of reach of the demo's moves (at speed 10 the
        // price can move 0.3 % while the alerts are typed).
        let near = [last * 1.0002, last * 0.9998].map { String(format: "%.2f", $0) }
        let grid = first.lines.compactMap { line -> Double? in
            guard let match = line.range(of: #"┈ [0-9]+\.[0-9]{2} "#, options: .regularExpression) else { return nil }
            return Double(line[match].dropFirst(2).trimmingCharacters(in: .whitespaces))
        }
        let keeperPrice = try XCTUnwrap(grid.max { abs($0 - last) < abs($1 - last) }, "no grid price on the axis")
        let keeper = String(format: "%.2f", keeperPrice)
        for price in near + [keeper] {
            try t.press("A")
            _ = try t.waitFor("the alert prompt") { $0.contains("Alert BTCUSDT at:") }
            try t.typeLine(price)
            _ = try t.waitFor("the alert \(price) to be set") { $0.contains("Alert set: BTCUSDT") && $0.contains(price) }
        }
        // Each waiting alert's price is on the axis, the keeper's for sure (it is not near the
        // last price's badge, and nothing reaches it this soon).
        _ = try t.waitFor("the keeper alert's price on the chart's axis") { s in
            s.lines.contains { $0.contains(keeper + " ") && $0.contains("╌") }
        }

        _ = try t.waitFor("a price-alert toast once the price reaches one of \(near)", timeout: 90) {
            $0.contains("price-alert")
        }
        let rows = try history(t).filter { $0["rule"] as? String == "price-alert" }
        XCTAssertGreaterThanOrEqual(rows.count, 1, "a price-alert row in `thebot history`")
        XCTAssertTrue(rows.allSatisfy { row in near.contains { (row["reason"] as? String ?? "").contains(Self.short($0)) } }, "\(rows)")

        try t.press("q")
        XCTAssertEqual(try t.waitForExit(), 0)
        _ = try startDemo()
        _ = try t.waitFor("the keeper alert drawn again after the restart") { s in
            s.lines.contains { $0.contains(keeper + " ") && $0.contains("╌") }
        }
        // The fired alert (and any other BTCUSDT 1m signal) is a marker from the history: the
        // newest one's rule and reason are in the chart's bottom border.
        _ = try t.waitFor("a signal marker's reason in the chart's footer after the restart") { s in
            s.lines.contains { $0.contains("╰─ ▲ ") || $0.contains("╰─ ▼ ") }
        }
        try t.press("L")
        let list = try t.waitFor("the alert list") { $0.contains("Price alerts") }
        let side = keeperPrice < last ? "below" : "above"
        XCTAssertTrue(list.contains("BTCUSDT \(side) \(Self.short(keeper))"), "the keeper waits in the list:\(list)")
        try t.press("Escape")
        try t.press("q")
        XCTAssertEqual(try t.waitForExit(), 0)
    }

    /// A price as sentences write it: no trailing zero decimals ("74300.10" → "74300.1").
    static func short(_ price: String) -> String {
        guard price.contains(".") else { return price }
        var text = price
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `thebot history --format json` with the monitor's state directory.
    func history(_ t: TmuxDriver) throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: t.binary)
        process.arguments = ["history", "--format", "json"]
        process.environment = ["HOME": t.home.path, "XDG_CONFIG_HOME": t.home.appendingPathComponent("config").path,
                               "XDG_STATE_HOME": t.stateDirectory.path].merging(SanitizerEnvironment.variables) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
