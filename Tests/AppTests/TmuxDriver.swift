import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Drives the real `thebot` binary inside a private tmux server, for the end-to-end tests.
///
/// Every driver owns its own server (`tmux -L thebot-e2e-<uuid> -f /dev/null`), so tests never
/// see the user's tmux or each other, and a throwaway HOME / XDG_CONFIG_HOME / XDG_STATE_HOME,
/// so the user's config is not read and the log is not written to the real state directory.
/// The pane runs an interactive bash (not the binary), so a test can check that the shell and
/// the terminal modes come back after the monitor exits.
///
/// Nothing here sleeps for a fixed time to "let things settle": every wait polls the pane with
/// a deadline and fails with the last screen when the deadline passes.
final class TmuxDriver {
    /// One `capture-pane` of the visible screen (the alternate screen while the monitor runs).
    struct Screen: CustomStringConvertible {
        let lines: [String]

        var text: String { lines.joined(separator: "\n") }
        func contains(_ s: String) -> Bool { text.contains(s) }
        /// Row `i` (0-based), or "" past the end.
        func row(_ i: Int) -> String { lines.indices.contains(i) ? lines[i] : "" }
        /// The last row that is not blank.
        var lastNonEmptyRow: String { lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "" }

        /// The "last" column of a watchlist row, e.g. 60162.85 from "│▌BTCUSDT    60,162.85  +4.01% …";
        /// nil while the row shows no price ("–"). The chart title ("BTCUSDT · 1m") never matches.
        func watchlistLast(_ symbol: String) -> String? {
            for line in lines {
                guard let r = line.range(of: symbol + " ") else { continue }
                let rest = line[r.upperBound...].drop { $0 == " " }
                let number = rest.prefix { $0.isNumber || $0 == "," || $0 == "." }
                if number.contains("."), number.first?.isNumber == true {
                    return number.replacingOccurrences(of: ",", with: "")
                }
            }
            return nil
        }

        var description: String {
            let width = lines.map(\.count).max() ?? 0
            let rule = String(repeating: "-", count: min(max(width, 20), 200))
            return "\n" + rule + "\n" + text + "\n" + rule
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The session (and window, and pane) every command targets.
    static let target = "e2e"
    /// The shell prompt; never printed by the monitor.
    static let prompt = "e2e$ "
    /// The prompt as capture-pane shows it on an empty command line (trailing blanks trimmed).
    static let promptMark = "e2e$"

    let socket: String
    let tmux: String
    let home: URL
    let binary: String
    private(set) var width: Int
    private(set) var height: Int

    /// Finds tmux on PATH. `make test` installs it, so a missing tmux fails the test (no skip).
    static func tmuxPath() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = String(dir) + "/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(description: "tmux is not installed (not found on PATH); `make test` installs it (apt-get install tmux).")
    }

    /// tmux-256color when this machine's terminfo has it (ncurses 6.1 and later), else
    /// screen-256color, which every ncurses has.
    static var terminalType: String {
        let dirs = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo"]
        let found = dirs.contains { dir in
            ["t", "74"].contains { FileManager.default.fileExists(atPath: "\(dir)/\($0)/tmux-256color") }
        }
        return found ? "tmux-256color" : "screen-256color"
    }

    /// The package root: the nearest directory above this file holding Package.swift.
    static func packageRoot(file: String = #filePath) -> URL? {
        var dir = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// The directory the running tests were built into (the products directory): the test
    /// executable's own on Linux, the one holding the `.xctest` bundle on macOS. Whatever
    /// `--scratch-path` or configuration built them, the `thebot` beside them is the same build.
    static var productsDirectory: URL {
        #if os(macOS)
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        #endif
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The `thebot` built with these tests, beside them in the products directory.
    static func binaryPath() throws -> String {
        let path = productsDirectory.appendingPathComponent("thebot").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "\(path) is missing: build it with the tests first (`swift build --build-tests`, or `make test`).")
        }
        return path
    }

    /// Starts a private tmux server with one session running bash in a `width`×`height` pane.
    /// - Parameter config: written to `$XDG_CONFIG_HOME/thebot/config.toml` when given.
    init(width: Int = 160, height: Int = 48, config: String? = nil) throws {
        tmux = try Self.tmuxPath()
        binary = try Self.binaryPath()
        socket = "thebot-e2e-" + UUID().uuidString.lowercased()
        home = FileManager.default.temporaryDirectory.appendingPathComponent(socket, isDirectory: true)
        self.width = width
        self.height = height
        for sub in ["", "config", "state"] {
            try FileManager.default.createDirectory(at: home.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        if let config {
            let dir = home.appendingPathComponent("config/thebot")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(config.utf8).write(to: dir.appendingPathComponent("config.toml"))
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        // `env -i`: the pane gets exactly this environment, nothing from the test runner.
        let shell = ["env", "-i", "PATH=\(path)", "HOME=\(home.path)",
                     "XDG_CONFIG_HOME=\(home.appendingPathComponent("config").path)",
                     "XDG_STATE_HOME=\(home.appendingPathComponent("state").path)",
                     "TERM=\(Self.terminalType)", "LANG=C.UTF-8", "PS1=\(Self.prompt)", "HISTFILE=/dev/null"]
            + SanitizerEnvironment.assignments + ["bash", "--norc", "--noprofile", "-i"]
        // No status line, so the pane is exactly the window size.
        try run(["new-session", "-d", "-s", Self.target, "-x", "\(width)", "-y", "\(height)"] + shell
                + [";", "set-option", "-g", "status", "off"])
        do {
            try waitFor("the shell prompt", timeout: 10) { $0.lines.contains { $0.hasPrefix(Self.promptMark) } }
        } catch {
            shutdown()
            throw error
        }
    }

    /// Kills the server (and with it anything still running in the pane; the monitor takes the
    /// SIGHUP as a stop signal), then removes the socket file tmux leaves behind, and HOME.
    ///
    /// A server still there after `kill-server` (seen on a loaded machine: its socket gone, the
    /// server and its shell left running) is killed by pid, with what runs in its panes.
    func shutdown() {
        let server = ((try? run(["display-message", "-p", "#{socket_path} #{pid}"], allowFailure: true)) ?? "")
            .split(whereSeparator: \.isWhitespace).map(String.init)
        let socketPath = server.first ?? ""
        let panes = (try? run(["list-panes", "-a", "-F", "#{pane_pid}"], allowFailure: true)) ?? ""
        let processes = (server.dropFirst() + panes.split(whereSeparator: \.isWhitespace).map(String.init))
            .compactMap { pid_t($0) }.filter { $0 > 1 }
        _ = try? run(["kill-server"], allowFailure: true)
        var waited = 0
        while processes.contains(where: { kill($0, 0) == 0 }), waited < 100 {
            usleep(20_000)
            waited += 1
        }
        for pid in processes where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        if socketPath.hasSuffix("/" + socket) { unlink(socketPath) }
        try? FileManager.default.removeItem(at: home)
    }

    /// The XDG state directory the monitor logs to.
    var stateDirectory: URL { home.appendingPathComponent("state") }

    // MARK: - tmux

    /// Runs `tmux -L <socket> -f /dev/null -u <args>` and returns its standard output.
    @discardableResult
    func run(_ args: [String], allowFailure: Bool = false) throws -> String {
        // Output goes to files, not pipes: the server that `new-session` forks inherits the
        // client's descriptors, so a pipe would not reach end-of-file while the server lives.
        let out = home.appendingPathComponent("tmux-\(UUID().uuidString).out").path
        let err = home.appendingPathComponent("tmux-\(UUID().uuidString).err").path
        defer {
            unlink(out)
            unlink(err)
        }
        var env = ProcessInfo.processInfo.environment
        env["TMUX"] = nil
        env["TMUX_PANE"] = nil
        env["LC_ALL"] = nil
        env["LANG"] = "C.UTF-8"
        let status = try Self.spawnAndWait([tmux, "-L", socket, "-f", "/dev/null", "-u"] + args,
                                           environment: env.map { "\($0.key)=\($0.value)" },
                                           stdoutPath: out, stderrPath: err)
        let data = FileManager.default.contents(atPath: out) ?? Data()
        if status != 0 && !allowFailure {
            let errText = String(decoding: FileManager.default.contents(atPath: err) ?? Data(), as: UTF8.self)
            throw Failure(description: "tmux \(args.joined(separator: " ")) failed (\(status)): \(errText)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// posix_spawn and waitpid for that one pid. (Foundation's Process relies on a process-wide
    /// SIGCHLD watcher, which left tmux clients unreaped, and the tests hanging, on Linux.)
    /// Runs `argv` to its end and returns its exit status; past `timeout` seconds (when given)
    /// it is killed and the call fails saying so.
    static func spawnAndWait(_ argv: [String], environment: [String], stdoutPath: String, stderrPath: String,
                             timeout: Double? = nil) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        guard rc == 0 else {
            throw Failure(description: "posix_spawn \(argv[0]) failed: \(String(cString: strerror(rc)))")
        }
        var status: Int32 = 0
        let polls = timeout.map { Int($0 * 50) }
        var polled = 0
        while true {
            let done = waitpid(pid, &status, polls == nil ? 0 : WNOHANG)
            if done == pid { break }
            if done == -1 {
                guard errno == EINTR else { throw Failure(description: "waitpid \(pid) failed: \(String(cString: strerror(errno)))") }
                continue
            }
            polled += 1
            if let polls, polled > polls {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw Failure(description: "\(argv.joined(separator: " ")) did not finish within \(Int(timeout ?? 0)) s and was killed.")
            }
            usleep(20_000)
        }
        // WIFEXITED / WEXITSTATUS, spelled out (the C macros are not imported).
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    func capture() throws -> Screen {
        let text = try run(["capture-pane", "-p", "-t", Self.target])
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return Screen(lines: lines)
    }

    /// Types `text` literally, then Enter.
    func typeLine(_ text: String) throws {
        try run(["send-keys", "-t", Self.target, "-l", text])
        try run(["send-keys", "-t", Self.target, "Enter"])
    }

    /// Sends one key: a literal character ("f", "?") or a tmux key name ("Escape", "Up").
    func press(_ key: String) throws {
        if key.count == 1 {
            try run(["send-keys", "-t", Self.target, "-l", key])
        } else {
            try run(["send-keys", "-t", Self.target, key])
        }
    }

    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", Self.target, "-x", "\(width)", "-y", "\(height)"])
        self.width = width
        self.height = height
    }

    /// The pid of the shell in the pane.
    func shellPID() throws -> pid_t {
        let text = try run(["display-message", "-p", "-t", Self.target, "#{pane_pid}"])
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "tmux gave no pane pid: \(text)")
        }
        return pid
    }

    /// The pid of the `thebot` process the pane's shell started (a direct child of the shell),
    /// waiting for it to appear. Reads /proc, so it can never pick another user's or test's
    /// process.
    func childPID(named name: String = "thebot", timeout: TimeInterval = 20,
                  file: StaticString = #filePath, line: UInt = #line) throws -> pid_t {
        let shell = try shellPID()
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            for entry in entries {
                guard let pid = pid_t(entry),
                      let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                      let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { continue }
                let comm = stat[stat.index(after: open)..<close]
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                if comm == name, fields.count > 1, pid_t(fields[1]) == shell { return pid }
            }
            if Date() >= deadline {
                let message = "No \(name) process under the pane's shell (pid \(shell)) after \(Int(timeout)) s."
                XCTFail(message, file: file, line: line)
                throw Failure(description: message)
            }
            usleep(50_000)
        }
    }

    // MARK: - Waiting

    /// Polls the pane every 50 ms until `predicate` holds, and returns that screen. On timeout,
    /// fails the test at the caller's line with the last screen, and throws to end the test.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line,
                 _ predicate: (Screen) -> Bool) throws -> Screen {
        let deadline = Date().addingTimeInterval(timeout)
        var last = Screen(lines: [])
        while true {
            last = try capture()
            if predicate(last) { return last }
            if Date() >= deadline { break }
            usleep(50_000)
        }
        let message = "Timed out after \(Int(timeout)) s waiting for \(what). Last screen (\(width)x\(height)):\(last)"
        XCTFail(message, file: file, line: line)
        throw Failure(description: "timed out waiting for \(what)")
    }

    // MARK: - Shell helpers

    /// Starts the monitor from the shell so its exit status is printed: `thebot <args>; echo EXIT=$?`.
    func startThebot(_ arguments: [String]) throws {
        let quoted = ([binary] + arguments).map(Self.shellQuote).joined(separator: " ")
        // `EXIT""=` on the command line prints as `EXIT=`, so the typed line never matches.
        try typeLine("\(quoted); echo EXIT\"\"=$?")
    }

    /// Waits for `EXIT=<status>` and the prompt after it, and returns that status.
    func waitForExit(timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        var status: Int?
        try waitFor("the monitor to exit and the shell prompt to return", timeout: timeout, file: file, line: line) { screen in
            guard let i = screen.lines.lastIndex(where: { $0.hasPrefix("EXIT=") }),
                  screen.lines[(i + 1)...].contains(where: { $0.hasPrefix(Self.promptMark) })
            else { return false }
            status = Int(screen.lines[i].dropFirst("EXIT=".count).trimmingCharacters(in: .whitespaces))
            return status != nil
        }
        return status ?? -1
    }

    /// Runs `stty -a` in the pane and returns the words of its output (e.g. "icanon", "-echo").
    func sttyWords(file: StaticString = #filePath, line: UInt = #line) throws -> Set<String> {
        try typeLine("clear; stty -a; echo STTY\"\"-END")
        let screen = try waitFor("stty -a output", timeout: 10, file: file, line: line) { s in
            s.lines.contains("STTY-END") && s.lines.contains { $0.hasPrefix(Self.prompt + "clear;") } == false
        }
        // After `clear`, the screen holds only stty's output, the marker and the prompt.
        guard let end = screen.lines.firstIndex(of: "STTY-END") else { return [] }
        let output = screen.lines[..<end].joined(separator: " ")
        return Set(output.split(whereSeparator: { $0 == " " || $0 == ";" }).map(String.init))
    }

    static func shellQuote(_ s: String) -> String {
        if s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./:=,@".contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
