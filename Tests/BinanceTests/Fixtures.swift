import Foundation
import XCTest

/// Locates Tests/Fixtures/binance from this file's real location, so the tests find their
/// data when the package is built through symlinks or from another package root.
enum Fixtures {
    static let binance: URL = {
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("Tests/Fixtures/binance")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "/nonexistent/Tests/Fixtures/binance")
    }()

    static func data(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> Data {
        let url = binance.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            XCTFail("missing fixture \(url.path)", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        return data
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try data(path)) }

    static func text(_ path: String) throws -> String { String(decoding: try data(path), as: UTF8.self) }

    /// Non-empty lines of a .jsonl file.
    static func lines(_ path: String) throws -> [[UInt8]] {
        try text(path).split(separator: "\n").map { Array($0.utf8) }
    }

    /// Every file under the fixture root, as paths relative to it, sorted.
    static func allFiles() -> [String] {
        let root = binance.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let next = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(next)
            }
        }
        return files.sorted()
    }
}
