import Foundation
import XCTest
@testable import App

/// `[endpoints] tls_ca_file` and `--tls-ca-file`: a private CA bundle, checked before anything
/// connects; a missing, unreadable or invalid file is one sentence and exit code 2.
final class TLSCAFileTests: XCTestCase {
    var caFile: String {
        TmuxDriver.packageRoot()!.appendingPathComponent("Tests/Fixtures/tls/ca.pem").path
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testTheConfigKeyTakesAPEMBundleResolvedBesideTheFile() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.copyItem(atPath: caFile, toPath: dir.appendingPathComponent("private-ca.pem").path)
        let file = dir.appendingPathComponent("config.toml").path
        let relative = try ConfigFile.parse("[endpoints]\ntls_ca_file = \"private-ca.pem\"\n", file: file)
        XCTAssertEqual(relative.tlsCAFile, dir.appendingPathComponent("private-ca.pem").path)
        let absolute = try ConfigFile.parse("[endpoints]\ntls_ca_file = \"\(caFile)\"\n", file: file)
        XCTAssertEqual(absolute.tlsCAFile, caFile)
        XCTAssertNil(try ConfigFile.parse("symbols = [\"BTCUSDT\"]\n", file: file).tlsCAFile)
    }

    func testABadBundleInTheConfigNamesTheFileLineAndKey() throws {
        let dir = try temporaryDirectory()
        let garbage = dir.appendingPathComponent("garbage.pem").path
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: garbage))
        let cases: [(String, String)] = [
            ("tls_ca_file = \"/nonexistent/ca.pem\"",
             "c.toml line 3: `endpoints.tls_ca_file` names a CA bundle that does not exist (/nonexistent/ca.pem)."),
            ("tls_ca_file = \"\(garbage)\"",
             "c.toml line 3: `endpoints.tls_ca_file` names a CA bundle that holds no PEM certificate (-----BEGIN CERTIFICATE-----) (\(garbage))."),
            ("tls_ca_file = \"\(dir.path)\"",
             "c.toml line 3: `endpoints.tls_ca_file` names a CA bundle that cannot be read (\(dir.path))."),
            ("tls_ca_file = 7", "c.toml line 3: `endpoints.tls_ca_file` must be the path of a PEM file of CA certificates."),
        ]
        for (line, expected) in cases {
            XCTAssertThrowsError(try ConfigFile.parse("[endpoints]\n\n\(line)\n", file: "c.toml"), line) { error in
                XCTAssertEqual("\(error)", expected)
            }
        }
    }

    /// The real binary: the flag and the config key are checked before anything connects.
    func testTheBinaryRefusesABadBundleWithOneSentenceAndExit2() throws {
        let dir = try temporaryDirectory()
        let garbage = dir.appendingPathComponent("garbage.pem").path
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: garbage))
        // A bundle that were accepted would start the stream: the timeout ends it with a failure.
        let flag = try CommandLineTests.runThebot(["stream", "--json", "--symbols", "BTCUSDT", "--tls-ca-file", garbage], in: dir,
                                                  timeout: 30)
        XCTAssertEqual(flag.status, 2, flag.stderr)
        XCTAssertEqual(flag.stderr, "thebot: --tls-ca-file names a CA bundle that holds no PEM certificate "
                       + "(-----BEGIN CERTIFICATE-----) (\(garbage)); run `thebot stream --help` for the options.\n")
        XCTAssertEqual(flag.stdout, "")

        let config = dir.appendingPathComponent("bad.toml").path
        try Data("[endpoints]\ntls_ca_file = \"missing.pem\"\n".utf8).write(to: URL(fileURLWithPath: config))
        let missing = dir.appendingPathComponent("missing.pem").path
        for arguments in [["config", "--check", "--config", config], ["stream", "--json", "--symbols", "BTCUSDT", "--config", config]] {
            let result = try CommandLineTests.runThebot(arguments, in: dir, timeout: 30)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr,
                           "thebot: \(config) line 2: `endpoints.tls_ca_file` names a CA bundle that does not exist (\(missing)).\n",
                           "\(arguments)")
        }

        let good = dir.appendingPathComponent("good.toml").path
        try Data("[endpoints]\ntls_ca_file = \"\(caFile)\"\n".utf8).write(to: URL(fileURLWithPath: good))
        let check = try CommandLineTests.runThebot(["config", "--check", "--config", good], in: dir, timeout: 30)
        XCTAssertEqual(check.status, 0, check.stderr)
    }

    func testTheDefaultConfigDocumentsTheKey() throws {
        // An example in prose, not a commented setting: uncommented, a path that is not there would fail.
        let example = "# For example: tls_ca_file = \"/etc/ssl/certs/my-private-ca.pem\""
        XCTAssertTrue(DefaultConfig.text.contains(example), DefaultConfig.text)
        let config = try ConfigFile.parse(DefaultConfig.text.replacingOccurrences(of: example, with: "tls_ca_file = \"\(caFile)\""),
                                          file: "d.toml")
        XCTAssertEqual(config.tlsCAFile, caFile)
    }
}
