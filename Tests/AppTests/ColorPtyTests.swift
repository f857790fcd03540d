import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real binary on a pseudo-terminal, checked byte by byte: what colour sequences does the
/// monitor send? tmux cannot answer that (it re-encodes colours for its own client), so the test
/// holds the pty master itself.
///
/// The palette must never be redefined (OSC 4): terminals that ignore it then show other colours.
/// With COLORTERM=truecolor the dark theme's candle colours arrive as direct RGB; without it, as
/// the nearest entry of the standard xterm 256-colour palette.
///
/// Every wait polls toward a deadline and only fails with a message; nothing asserts on speed.
final class ColorPtyTests: XCTestCase {
    /// The default (dark) theme's candle colours, from Themes/dark.toml.
    static let bull = (r: 0x26, g: 0xa6, b: 0x9a)
    static let bear = (r: 0xef, g: 0x53, b: 0x50)

    func testTrueColorSendsDirectRGBAndNeverTouchesThePalette() throws {
        let run = try runDemo(colorterm: "truecolor", until: [.rgb(Self.bull), .rgb(Self.bear)])
        XCTAssertFalse(run.containsPaletteChange, "the palette was redefined (OSC 4 or OSC 104) in true-colour mode")
        XCTAssertTrue(run.foregrounds.contains(.rgb(Self.bull)), "bull #26a69a never arrived as 38;2;38;166;154; foregrounds seen: \(run.summary)")
        XCTAssertTrue(run.foregrounds.contains(.rgb(Self.bear)), "bear #ef5350 never arrived as 38;2;239;83;80; foregrounds seen: \(run.summary)")
        let indexed = run.foregrounds.filter { if case .indexed = $0 { return true } else { return false } }
        XCTAssertTrue(indexed.isEmpty, "true colour should not fall back to palette colours; saw \(indexed)")
        XCTAssertEqual(run.exitStatus, 0, "q should quit with status 0")
    }

    func testWithoutTrueColorSendsTheNearestOf256AndNeverTouchesThePalette() throws {
        let bull = Self.nearestXterm256(Self.bull), bear = Self.nearestXterm256(Self.bear)
        let run = try runDemo(colorterm: nil, until: [.indexed(bull), .indexed(bear)])
        XCTAssertFalse(run.containsPaletteChange, "the palette was redefined (OSC 4 or OSC 104) in 256-colour mode")
        XCTAssertTrue(run.foregrounds.contains(.indexed(bull)), "bull #26a69a never arrived as 38;5;\(bull); foregrounds seen: \(run.summary)")
        XCTAssertTrue(run.foregrounds.contains(.indexed(bear)), "bear #ef5350 never arrived as 38;5;\(bear); foregrounds seen: \(run.summary)")
        let direct = run.foregrounds.filter { if case .rgb = $0 { return true } else { return false } }
        XCTAssertTrue(direct.isEmpty, "without COLORTERM no direct RGB may be sent; saw \(direct)")
        XCTAssertEqual(run.exitStatus, 0, "q should quit with status 0")
    }

    /// The nearest-palette computation itself, against values worked out by hand.
    func testNearestXterm256Reference() {
        XCTAssertEqual(Self.nearestXterm256((255, 0, 0)), 196)
        XCTAssertEqual(Self.nearestXterm256((128, 128, 128)), 244)
        // #26a69a: cube levels (0, 175, 135) at distance 38²+9²+19² = 1886; b = 175 would be 1966.
        XCTAssertEqual(Self.nearestXterm256(Self.bull), 36)
        // #ef5350: cube levels (255, 95, 95) at distance 16²+12²+15² = 625.
        XCTAssertEqual(Self.nearestXterm256(Self.bear), 203)
    }

    /// The byte scanning the pty tests rely on, on sequences the old init_color path sent.
    func testSequenceScanning() {
        let old = Array("\u{1b}]4;16;rgb:2626/a6a6/9a9a\u{1b}\\\u{1b}[38;5;16m|\u{1b}[0;1;38;2;1;2;3;48;2;4;5;6m|\u{1b}[31m".utf8)
        XCTAssertTrue(Self.containsPaletteChange(old))
        XCTAssertFalse(Self.containsPaletteChange(Array("\u{1b}[38;5;4m\u{1b}]0;title\u{7}".utf8)))
        XCTAssertEqual(Self.foregrounds(in: old), [.indexed(16), .rgb(1, 2, 3), .indexed(1)])
    }

    // MARK: - The xterm palette, independently of the app's ColorMapping

    /// Index 16...255 whose standard xterm value is closest by squared RGB distance: the 6x6x6
    /// cube (levels 0, 95, 135, 175, 215, 255) and the grey ramp 8, 18, ..., 238.
    static func nearestXterm256(_ c: (r: Int, g: Int, b: Int)) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func value(_ i: Int) -> (Int, Int, Int) {
            if i >= 232 { let l = 8 + 10 * (i - 232); return (l, l, l) }
            let n = i - 16
            return (levels[n / 36], levels[(n / 6) % 6], levels[n % 6])
        }
        var best = 16, bestDistance = Int.max
        for i in 16...255 {
            let v = value(i)
            let d = (v.0 - c.r) * (v.0 - c.r) + (v.1 - c.g) * (v.1 - c.g) + (v.2 - c.b) * (v.2 - c.b)
            if d < bestDistance { best = i; bestDistance = d }
        }
        return best
    }

    // MARK: - Reading SGR

    enum Foreground: Hashable, CustomStringConvertible {
        case rgb(Int, Int, Int)
        case indexed(Int)
        static func rgb(_ c: (r: Int, g: Int, b: Int)) -> Foreground { .rgb(c.r, c.g, c.b) }
        var description: String {
            switch self {
            case let .rgb(r, g, b): "38;2;\(r);\(g);\(b)"
            case let .indexed(i): "38;5;\(i)"
            }
        }
    }

    /// Foreground colours set by the SGR sequences (ESC [ ... m) in `bytes`.
    static func foregrounds(in bytes: [UInt8]) -> Set<Foreground> {
        var result: Set<Foreground> = []
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == 0x1b, bytes[i + 1] == UInt8(ascii: "[") else { i += 1; continue }
            var j = i + 2
            while j < bytes.count, (0x30...0x3f).contains(bytes[j]) { j += 1 }  // parameter bytes
            guard j < bytes.count else { break }
            if bytes[j] == UInt8(ascii: "m") {
                let params = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
                    .split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
                var k = 0
                while k < params.count {
                    if params[k] == 38 || params[k] == 48, k + 1 < params.count {
                        let isForeground = params[k] == 38
                        if params[k + 1] == 2, k + 4 < params.count {
                            if isForeground { result.insert(.rgb(params[k + 2], params[k + 3], params[k + 4])) }
                            k += 5
                            continue
                        }
                        if params[k + 1] == 5, k + 2 < params.count {
                            if isForeground { result.insert(.indexed(params[k + 2])) }
                            k += 3
                            continue
                        }
                    }
                    if (30...37).contains(params[k]) { result.insert(.indexed(params[k] - 30)) }
                    if (90...97).contains(params[k]) { result.insert(.indexed(params[k] - 90 + 8)) }
                    k += 1
                }
            }
            i = j + 1
        }
        return result
    }

    /// OSC 4 (set a palette entry) or OSC 104 (reset the palette), terminated or not.
    static func containsPaletteChange(_ bytes: [UInt8]) -> Bool {
        let osc4 = Array("\u{1b}]4;".utf8), osc104 = Array("\u{1b}]104".utf8)
        func contains(_ needle: [UInt8]) -> Bool {
            guard bytes.count >= needle.count else { return false }
            return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
        return contains(osc4) || contains(osc104)
    }

    // MARK: - Running the binary on a pty

    /// A new pty: the master descriptor and the slave's path. The pty calls are looked up at run
    /// time because Swift's Glibc module does not import them (they need _XOPEN_SOURCE).
    static func openPty() throws -> (Int32, String) {
        typealias OpenPT = @convention(c) (Int32) -> Int32
        typealias PTFunction = @convention(c) (Int32) -> Int32
        typealias PTSName = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
        let libc = dlopen(nil, RTLD_NOW)
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let p = dlsym(libc, name) else { throw Failure(description: "\(name) is not available") }
            return unsafeBitCast(p, to: type)
        }
        let openpt = try symbol("posix_openpt", as: OpenPT.self)
        let grantpt = try symbol("grantpt", as: PTFunction.self)
        let unlockpt = try symbol("unlockpt", as: PTFunction.self)
        let master = openpt(O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw Failure(description: "posix_openpt failed: \(String(cString: strerror(errno)))") }
        var name = [CChar](repeating: 0, count: 256)
        #if os(Linux)
        let ptsname = try symbol("ptsname_r", as: PTSName.self)
        let named = ptsname(master, &name, name.count) == 0
        #else
        typealias PTSNameStatic = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        let ptsnameStatic = try symbol("ptsname", as: PTSNameStatic.self)
        let named: Bool
        if let p = ptsnameStatic(master) { strncpy(&name, p, name.count - 1); named = true } else { named = false }
        #endif
        guard grantpt(master) == 0, unlockpt(master) == 0, named else {
            let reason = String(cString: strerror(errno))
            close(master)
            throw Failure(description: "could not set up the pty: \(reason)")
        }
        return (master, String(cString: name))
    }

    struct Run {
        var bytes: [UInt8]
        var exitStatus: Int32
        var foregrounds: Set<Foreground> { ColorPtyTests.foregrounds(in: bytes) }
        var containsPaletteChange: Bool { ColorPtyTests.containsPaletteChange(bytes) }
        var summary: String { foregrounds.map(\.description).sorted().joined(separator: " ") }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `thebot --demo` on a fresh 160x48 pty with TERM=xterm-256color (and COLORTERM when
    /// given), reads what it writes until every colour in `until` has been seen, presses q and
    /// reads to the end.
    private func runDemo(colorterm: String?, until expected: Set<Foreground>) throws -> Run {
        let binary = try TmuxDriver.binaryPath()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-colorpty-" + UUID().uuidString.lowercased())
        let configDir = home.appendingPathComponent("config/thebot")
        try FileManager.default.createDirectory(at: configDir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: home.appendingPathComponent("state"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try Data(EndToEndTests.quietAlerts.utf8).write(to: configDir.appendingPathComponent("config.toml"))

        let (master, slavePath) = try Self.openPty()
        defer { close(master) }
        var size = winsize(ws_row: 48, ws_col: 160, ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(master, UInt(TIOCSWINSZ), &size) == 0 else {
            throw Failure(description: "TIOCSWINSZ failed: \(String(cString: strerror(errno)))")
        }

        var env = [
            "PATH=\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")",
            "HOME=\(home.path)",
            "XDG_CONFIG_HOME=\(home.appendingPathComponent("config").path)",
            "XDG_STATE_HOME=\(home.appendingPathComponent("state").path)",
            "TERM=xterm-256color", "LANG=C.UTF-8",
        ]
        if let colorterm { env.append("COLORTERM=\(colorterm)") }

        // A new session whose controlling terminal is the pty, as a terminal emulator would start it.
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        #if os(Linux)
        posix_spawnattr_setflags(&attr, 0x80)  // POSIX_SPAWN_SETSID (glibc; not imported into Swift)
        #endif
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        let argv: [String] = [binary, "--demo"]
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, binary, &actions, &attr, cArgs, cEnv)
        guard rc == 0 else { throw Failure(description: "posix_spawn \(binary) failed: \(String(cString: strerror(rc)))") }
        var reaped = false
        defer {
            if !reaped {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                _ = waitpid(pid, &status, 0)
            }
        }

        var bytes: [UInt8] = []
        var ended = false
        /// Reads what is available for up to `ms`; false at end of output (the pty closed).
        func pump(ms: Int32) -> Bool {
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, ms) > 0 else { return true }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = read(master, &chunk, chunk.count)
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]); return true }
            if n < 0 && errno == EINTR { return true }
            return false  // EIO: every process holding the slave has exited
        }

        let deadline = Date().addingTimeInterval(60)
        while !expected.isSubset(of: Self.foregrounds(in: bytes)), Date() < deadline {
            if !pump(ms: 200) { ended = true; break }
        }
        // Tolerant of the colours never arriving: the assertions say which one is missing.
        if !ended {
            var q = UInt8(ascii: "q")
            _ = write(master, &q, 1)
            let exitDeadline = Date().addingTimeInterval(30)
            while Date() < exitDeadline, pump(ms: 200) {}
        }

        var status: Int32 = 0
        let exitDeadline = Date().addingTimeInterval(30)
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { reaped = true; break }
            if r < 0 && errno != EINTR { throw Failure(description: "waitpid failed: \(String(cString: strerror(errno)))") }
            if Date() >= exitDeadline {
                XCTFail("thebot --demo did not exit within 30 s of q (COLORTERM=\(colorterm ?? "unset")); output so far: \(bytes.count) bytes")
                break
            }
            usleep(50_000)
        }
        let exitStatus: Int32 = reaped ? (status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)) : -1
        if !expected.isSubset(of: Self.foregrounds(in: bytes)) {
            let tail = String(decoding: bytes.suffix(400), as: UTF8.self).replacingOccurrences(of: "\u{1b}", with: "\\e")
            XCTFail("not every expected colour arrived within 60 s (COLORTERM=\(colorterm ?? "unset")); output ended with: \(tail)")
        }
        return Run(bytes: bytes, exitStatus: exitStatus)
    }
}
