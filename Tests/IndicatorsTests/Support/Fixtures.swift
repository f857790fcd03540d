import Foundation
import Indicators

/// The TA-Lib reference CSVs in Tests/Fixtures/oracle (see SOURCES.md there).
enum Fixtures {
    /// Tests/Fixtures/oracle, found by walking up from this file (symlinks resolved too), so
    /// it works from the main package and from a scratch package that links the test folder.
    static let oracleDirectory: URL = {
        let here = URL(fileURLWithPath: #filePath)
        for start in [here, here.resolvingSymlinksInPath()] {
            var dir = start.deletingLastPathComponent()
            while dir.path != "/" {
                let candidate = dir.appendingPathComponent("Tests/Fixtures/oracle")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("SOURCES.md").path) {
                    return candidate
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        preconditionFailure("Tests/Fixtures/oracle not found above \(here.path)")
    }()

    static func url(_ name: String) -> URL { oracleDirectory.appendingPathComponent(name) }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    /// A reference CSV: input bars plus every indicator column by name.
    struct Reference: Sendable {
        var bars: [Bar]
        var header: [String]
        var columns: [String: [Double]]
    }

    static let daily = loadReference("btcusdt_1d_default.csv")
    static let hourly = loadReference("btcusdt_1h_default.csv")

    static func loadReference(_ name: String) -> Reference {
        guard let text = try? text(name) else { preconditionFailure("cannot read fixture \(name)") }
        let table = CSVTable(text)
        let column = { (n: String) in table.column(n) }
        let times = column("open_time")
        let (o, h, l, c, v) = (column("open"), column("high"), column("low"), column("close"), column("volume"))
        let bars = times.indices.map {
            Bar(openTime: Int64(times[$0]), open: o[$0], high: h[$0], low: l[$0], close: c[$0], volume: v[$0])
        }
        var columns: [String: [Double]] = [:]
        for name in table.header.dropFirst(6) { columns[name] = column(name) }
        return Reference(bars: bars, header: table.header, columns: columns)
    }
}

/// A small CSV reader for test assertions, independent of the module's own reader.
struct CSVTable {
    var header: [String]
    var rows: [[String]]

    init(_ text: String) {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .filter { !$0.isEmpty }
        header = lines.first.map { $0.split(separator: ",").map(String.init) } ?? []
        rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func column(_ name: String) -> [Double] {
        guard let i = header.firstIndex(of: name) else { return [] }
        return rows.map { Double($0[i]) ?? .nan }
    }

    func strings(_ name: String) -> [String] {
        guard let i = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[i] }
    }
}

/// compare.py's rule: NaN positions equal, and |d| <= 1e-9 or |d| <= 1e-9·|ref|.
/// Returns a description of the first mismatch, nil when everything agrees.
func firstMismatch(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-9,
                   absoluteFloor: Double? = nil) -> String? {
    let floor = absoluteFloor ?? tolerance
    guard actual.count == expected.count else { return "row count \(actual.count) vs \(expected.count)" }
    for i in expected.indices {
        let a = actual[i], e = expected[i]
        if a.isNaN || e.isNaN {
            if a.isNaN != e.isNaN { return "row \(i): \(a) vs reference \(e) (NaN position)" }
            continue
        }
        let d = abs(a - e)
        if d > floor && d > tolerance * abs(e) { return "row \(i): \(a) vs reference \(e) (|d| = \(d))" }
    }
    return nil
}

/// Bit-identical, treating any two NaNs as equal.
func identical(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}

/// Every column of an `IndicatorSet` run over `bars`, row by row.
func batchColumns(_ specs: [IndicatorSpec], _ bars: [Bar]) -> (names: [String], columns: [[Double]]) {
    var set = IndicatorSet(specs: specs)
    var columns = Array(repeating: [Double](), count: set.columns.count)
    for bar in bars {
        set.commit(bar)
        for (k, v) in set.values.enumerated() { columns[k].append(v) }
    }
    return (set.columns, columns)
}

extension Fixtures {
    /// Synthetic flat / nearly flat candles around 1e-8, 1e-2 and 1e5 with TA-Lib outputs
    /// (`make_flat.py`; see SOURCES.md).
    static let flat: [(name: String, reference: Reference)] = [
        ("flat 1e-8", loadReference("flat_1em8.csv")),
        ("flat 1e-2", loadReference("flat_1em2.csv")),
        ("flat 1e5", loadReference("flat_1e5.csv")),
    ]
}

extension Fixtures {
    /// Every candle fixture for the streaming and preview checks: daily, hourly, then the
    /// three flat ones.
    static let allBars: [(name: String, bars: [Bar])] =
        [("daily", daily.bars), ("hourly", hourly.bars)] + flat.map { ($0.name, $0.reference.bars) }
}

/// compare.py's rule with the absolute floor scaled down for columns whose magnitude is below
/// 1 (prices around 1e-8, where compare.py's fixed 1e-9 floor would pass anything): a value
/// passes when |d| <= tolerance·|ref| or |d| <= tolerance·min(1, max |ref| of the column).
/// For columns reaching 1 or more this is exactly `firstMismatch`.
func firstScaledMismatch(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-9) -> String? {
    let magnitude = expected.lazy.filter { $0.isFinite }.map { abs($0) }.max() ?? 0
    return firstMismatch(actual, expected, tolerance: tolerance, absoluteFloor: tolerance * min(1, magnitude))
}
