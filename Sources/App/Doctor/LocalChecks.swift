import Foundation
import Signals
import TUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks that need no network: terminal, locale, colours, notifications, files.
enum LocalChecks {
    // MARK: Terminal

    /// What terminfo knows about a terminal, read through the same ncurses the monitor uses.
    struct TerminfoEntry {
        var known: Bool
        var colors: Int
        var directColor: Bool
    }

    private typealias SetupTerm = @convention(c) (UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<Int32>?) -> Int32
    private typealias TigetNum = @convention(c) (UnsafePointer<CChar>?) -> Int32

    /// Looks `term` up with ncurses' setupterm (no output, the screen is not touched); nil when
    /// the ncurses library cannot be reached, so the caller falls back to the terminfo directories.
    static func terminfo(_ term: String) -> TerminfoEntry? {
        #if os(Linux)
        let handle: UnsafeMutableRawPointer? = nil   // RTLD_DEFAULT
        #else
        let handle = UnsafeMutableRawPointer(bitPattern: -2)   // RTLD_DEFAULT
        #endif
        guard let setupPointer = dlsym(handle, "setupterm"), let numPointer = dlsym(handle, "tigetnum"),
              let flagPointer = dlsym(handle, "tigetflag") else { return nil }
        let setupterm = unsafeBitCast(setupPointer, to: SetupTerm.self)
        let tigetnum = unsafeBitCast(numPointer, to: TigetNum.self)
        let tigetflag = unsafeBitCast(flagPointer, to: TigetNum.self)
        var error: Int32 = 0
        let status = term.withCString { setupterm($0, 1, &error) }
        guard status == 0 else { return TerminfoEntry(known: false, colors: 0, directColor: false) }
        let colors = Int("colors".withCString { tigetnum($0) })
        let rgbFlag = "RGB".withCString { tigetflag($0) }
        let rgbNum = "RGB".withCString { tigetnum($0) }
        return TerminfoEntry(known: true, colors: max(colors, 0),
                             directColor: colors >= 0x1000000 || rgbFlag > 0 || rgbNum > 0)
    }

    /// Whether a compiled terminfo file for `term` exists where ncurses looks.
    static func terminfoFileExists(_ term: String, environment: [String: String]) -> Bool {
        guard let first = term.first else { return false }
        var dirs: [String] = []
        if let t = environment["TERMINFO"], !t.isEmpty { dirs.append(t) }
        if let home = environment["HOME"], !home.isEmpty { dirs.append(home + "/.terminfo") }
        if let list = environment["TERMINFO_DIRS"] { dirs += list.split(separator: ":").map(String.init) }
        dirs += ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo", "/usr/share/lib/terminfo"]
        let hex = String(format: "%02x", first.asciiValue ?? 0)
        return dirs.contains { dir in
            FileManager.default.fileExists(atPath: "\(dir)/\(first)/\(term)") || FileManager.default.fileExists(atPath: "\(dir)/\(hex)/\(term)")
        }
    }

    static func terminal(_ env: [String: String]) -> (DoctorLine, TerminfoEntry?) {
        guard let term = env["TERM"], !term.isEmpty else {
            return (DoctorLine(.fail, "terminal", "TERM is not set, so the monitor cannot draw: log in with `ssh -t` (a terminal) or export TERM=xterm-256color."), nil)
        }
        if term == "dumb" {
            return (DoctorLine(.fail, "terminal", "TERM=dumb cannot move the cursor: export TERM=xterm-256color (or your terminal's own name)."), nil)
        }
        let entry = terminfo(term)
        let known = entry?.known ?? terminfoFileExists(term, environment: env)
        guard known else {
            return (DoctorLine(.fail, "terminal", "TERM=\(term) is not in this machine's terminfo database: install its entry (infocmp -x \(term) on your own machine, tic -x on this one) or export TERM=xterm-256color."), entry)
        }
        let tty = isatty(1) != 0 ? "" : " (stdout is not a terminal here; the monitor needs one)"
        return (DoctorLine(.ok, "terminal", "TERM=\(term) is known to terminfo\(tty)."), entry)
    }

    // MARK: Locale

    static func utf8(_ env: [String: String]) -> DoctorLine {
        let (name, value): (String, String?) = {
            for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
                if let v = env[key], !v.isEmpty { return (key, v) }
            }
            return ("LANG", nil)
        }()
        guard let value else {
            return DoctorLine(.warn, "utf-8", "LANG, LC_ALL and LC_CTYPE are unset, so the locale is plain ASCII: charts fall back to ASCII; export LANG=C.UTF-8 (or en_US.UTF-8).")
        }
        let lowered = value.lowercased()
        guard lowered.contains("utf-8") || lowered.contains("utf8") else {
            return DoctorLine(.warn, "utf-8", "\(name)=\(value) is not a UTF-8 locale: charts fall back to ASCII; export LANG=C.UTF-8 (or en_US.UTF-8).")
        }
        if setlocale(LC_CTYPE, value) == nil {
            return DoctorLine(.warn, "utf-8", "\(name)=\(value) names a locale this machine does not have: generate it (locale-gen \(value)) or export LANG=C.UTF-8.")
        }
        return DoctorLine(.ok, "utf-8", "\(name)=\(value) is UTF-8.")
    }

    // MARK: Colours

    static func colours(_ env: [String: String], terminfo entry: TerminfoEntry?) -> DoctorLine {
        guard let entry, entry.known else {
            return DoctorLine(.skip, "colours", "not checked: terminfo does not describe this terminal (see the terminal line).")
        }
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let colors = entry.colors
        let direct = ColorMode.hasDirectColor(colorterm: env["COLORTERM"], terminfoDirect: entry.directColor)
        let mode = ColorMode.detect(hasColors: colors >= 8, colors: colors, directColor: direct, noColorEnv: noColor)
        let why = "terminfo says \(colors) colours, COLORTERM=\(env["COLORTERM"] ?? "(unset)")"
        switch mode {
        case .trueColor:
            return DoctorLine(.ok, "colours", "truecolor (24-bit): \(why).")
        case .palette256:
            return DoctorLine(.ok, "colours", "256 colours (\(why)); if your terminal shows 24-bit colour, export COLORTERM=truecolor.")
        case .basic16, .basic8:
            return DoctorLine(.warn, "colours", "only \(colors) colours (\(why)): export TERM=xterm-256color if your terminal can do more.")
        case .monochrome:
            if noColor { return DoctorLine(.warn, "colours", "NO_COLOR is set, so the monitor draws without colour: unset NO_COLOR for colours.") }
            return DoctorLine(.warn, "colours", "no colours (\(why)): export TERM=xterm-256color if your terminal shows colour.")
        }
    }

    // MARK: Notifications

    static func notifications(_ env: [String: String], desktopEnabled: Bool) async -> DoctorLine {
        guard desktopEnabled else {
            return DoctorLine(.ok, "notify", "desktop notifications are off in the config ([alerts] desktop = false).")
        }
        let overSSH = !(env["SSH_CONNECTION"] ?? env["SSH_TTY"] ?? "").isEmpty ? " over ssh" : ""
        if TerminalAlert.insideTmux(env) {
            guard let versionRun = await doctorRun(["tmux", "-V"]), versionRun.status == 0 else {
                return DoctorLine(.warn, "notify", "inside tmux, but `tmux -V` cannot be run to check passthrough: make sure ~/.tmux.conf has `set -g allow-passthrough on` (tmux 3.3+).")
            }
            let versionText = versionRun.output.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let version = tmuxVersion(versionText), version >= 3.3 else {
                return DoctorLine(.ok, "notify", "inside \(versionText): OSC 9/777 desktop notifications pass through tmux to your terminal\(overSSH).")
            }
            guard let show = await doctorRun(["tmux", "show", "-gv", "allow-passthrough"]), show.status == 0 else {
                return DoctorLine(.warn, "notify", "inside \(versionText), but `tmux show -gv allow-passthrough` failed: add `set -g allow-passthrough on` to ~/.tmux.conf.")
            }
            let value = show.output.trimmingCharacters(in: .whitespacesAndNewlines)
            if value == "on" || value == "all" {
                return DoctorLine(.ok, "notify", "inside \(versionText) with allow-passthrough \(value): OSC 9/777 desktop notifications reach your terminal\(overSSH).")
            }
            return DoctorLine(.warn, "notify", "inside \(versionText) with allow-passthrough \(value.isEmpty ? "off" : value): desktop notifications stop at tmux; add `set -g allow-passthrough on` to ~/.tmux.conf and run `tmux source-file ~/.tmux.conf`.")
        }
        if !(env["STY"] ?? "").isEmpty {
            return DoctorLine(.warn, "notify", "inside GNU screen, which does not pass OSC 9/777 desktop notifications on: run thebot outside screen, or in tmux with allow-passthrough on.")
        }
        return DoctorLine(.ok, "notify", "OSC 9/777 desktop notifications go straight to your terminal\(overSSH) (shown by iTerm2, WezTerm, kitty, foot, Windows Terminal and VTE terminals).")
    }

    /// "tmux 3.3a" -> 3.3, "tmux next-3.4" -> 3.4.
    static func tmuxVersion(_ text: String) -> Double? {
        let digits = text.drop { !$0.isNumber }
        let number = digits.prefix { $0.isNumber || $0 == "." }
        let parts = number.split(separator: ".")
        guard let major = parts.first.flatMap({ Int($0) }) else { return nil }
        let minor = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        return Double(major) + Double(minor) / 10
    }

    // MARK: Config and themes

    static func config(path: String?) -> (DoctorLine, AppConfig?) {
        let file = path ?? ConfigFile.defaultPath
        if path == nil && !FileManager.default.fileExists(atPath: file) {
            return (DoctorLine(.ok, "config", "no config file at \(file), so the defaults are used (`thebot config --default` prints one to start from)."), AppConfig())
        }
        if let path, !FileManager.default.fileExists(atPath: path) {
            return (DoctorLine(.fail, "config", "the config file \(path) does not exist: check the --config path, or create it with `thebot config --default > \(path)`."), nil)
        }
        do {
            let loaded = try ConfigFile.load(path: path)
            try MonitorSettings.validate(loaded)
            return (DoctorLine(.ok, "config", "\(file) is valid (\(loaded.symbols.count) symbols, \(loaded.indicators.count) indicators, \(loaded.rules.count) rules)."), loaded)
        } catch {
            let sentence = (error as? UserError)?.description ?? (error as? ConfigFile.Problem)?.description ?? String(describing: error)
            let end = sentence.hasSuffix(".") ? "" : "."
            return (DoctorLine(.fail, "config", "\(sentence)\(end) Fix it, then check again with `thebot config --check`."), nil)
        }
    }

    static func themes(_ config: AppConfig) -> DoctorLine {
        let loader = ThemeLoader(themeDirectory: config.themeDirectory, installedDirectory: MonitorSession.installedThemes())
        if let dir = config.themeDirectory {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) || !isDirectory.boolValue {
                return DoctorLine(.warn, "themes", "theme_dir \(dir) is not a directory: create it or fix theme_dir in the config.")
            }
        }
        var broken: [String] = []
        var files = 0
        for dir in loader.directories {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for name in names.sorted() where name.hasSuffix(".toml") && !name.hasPrefix(".") {
                files += 1
                if let warning = loader.loadFile(dir + "/" + name).warning { broken.append(warning) }
            }
        }
        let chosen = loader.load(named: config.theme)
        if let warning = chosen.warning {
            return DoctorLine(.warn, "themes", "\(warning) Fix the file or pick another theme (`theme` in the config).")
        }
        if let first = broken.first {
            return DoctorLine(.warn, "themes", "\(broken.count) of \(files) theme files cannot be used: \(first)")
        }
        let source = chosen.path ?? "built in"
        return DoctorLine(.ok, "themes", "theme \"\(config.theme)\" (\(source)); \(loader.availableNames().count) themes available, all valid.")
    }

    // MARK: Directories

    /// Whether the directory holding `file` is usable: exists and writable, or can be created.
    static func directory(check: String, file: String, what: String) -> DoctorLine {
        let dir = (file as NSString).deletingLastPathComponent
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: dir, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                return DoctorLine(.fail, check, "\(dir) is a file, not a directory, so the \(what) cannot be written: move it away.")
            }
            guard access(dir, W_OK | X_OK) == 0 else {
                return DoctorLine(.fail, check, "\(dir) is not writable by you (\(mode(dir))), so the \(what) cannot be written: chmod u+rwx \(dir) or chown it to yourself.")
            }
            if fm.fileExists(atPath: file) && access(file, W_OK) != 0 {
                return DoctorLine(.fail, check, "\(file) is not writable by you (\(mode(file))): chmod u+w \(file).")
            }
            var st = stat()
            if stat(dir, &st) == 0, st.st_mode & 0o077 != 0 {
                return DoctorLine(.warn, check, "\(dir) is writable, but others can read it (\(mode(dir))): chmod 700 \(dir).")
            }
            let present = fm.fileExists(atPath: file) ? "" : " (created on first run)"
            return DoctorLine(.ok, check, "\(file) is writable\(present).")
        }
        // Not there yet: the nearest existing parent must let us create it.
        var parent = dir
        while !fm.fileExists(atPath: parent) && parent != "/" && !parent.isEmpty {
            parent = (parent as NSString).deletingLastPathComponent
        }
        guard access(parent.isEmpty ? "/" : parent, W_OK | X_OK) == 0 else {
            return DoctorLine(.fail, check, "\(dir) does not exist and \(parent) is not writable by you, so the \(what) cannot be written: create \(dir) yourself.")
        }
        return DoctorLine(.ok, check, "\(dir) does not exist yet; it will be created for the \(what).")
    }

    private static func mode(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return "mode unknown" }
        return "mode " + String(st.st_mode & 0o777, radix: 8) + ", owner uid \(st.st_uid)"
    }
}
