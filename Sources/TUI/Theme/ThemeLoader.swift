#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds themes by name. Lookup order: `--theme-dir`, `~/.config/thebot/themes`, the installed
/// Themes directory, then the copy of the default theme compiled into the binary. A theme that
/// cannot be read never stops the program: the result carries the default theme and a sentence.
public struct ThemeLoader: Sendable {
    public struct Result: Sendable {
        public var theme: Theme
        /// Set when the requested theme could not be used; show it to the user once.
        public var warning: String?
        /// The file the theme came from; nil for the built-in one.
        public var path: String?
    }

    public let directories: [String]

    public init(themeDirectory: String? = nil, userDirectory: String? = ThemeLoader.defaultUserDirectory(),
                installedDirectory: String? = nil) {
        directories = [themeDirectory, userDirectory, installedDirectory].compactMap { $0 }.filter { !$0.isEmpty }
    }

    public static let defaultThemeName = "dark"

    /// `$XDG_CONFIG_HOME/thebot/themes`, or `~/.config/thebot/themes`.
    public static func defaultUserDirectory() -> String? {
        if let xdg = getenv("XDG_CONFIG_HOME").map({ String(cString: $0) }), !xdg.isEmpty {
            return xdg + "/thebot/themes"
        }
        guard let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty else { return nil }
        return home + "/.config/thebot/themes"
    }

    public func load(named requested: String) -> Result {
        let name = requested.hasSuffix(".toml") ? String(requested.dropLast(5)) : requested
        // A path loads that file directly (`--theme ./mine.toml`).
        if requested.contains("/") {
            return loadFile(requested)
        }
        for dir in directories {
            let path = dir + "/" + name + ".toml"
            if FileText.exists(path) { return loadFile(path) }
        }
        if name == ThemeLoader.defaultThemeName { return Result(theme: .dark, warning: nil, path: nil) }
        if name == "monochrome" { return Result(theme: .monochrome, warning: nil, path: nil) }
        let searched = directories.isEmpty ? "no theme directory" : directories.joined(separator: ", ")
        return Result(theme: .dark,
                      warning: "Theme \"\(sanitize(name))\" was not found in \(searched); using the default theme.",
                      path: nil)
    }

    public func loadFile(_ path: String) -> Result {
        guard let text = FileText.read(path) else {
            return Result(theme: .dark, warning: "Theme file \(sanitize(path)) cannot be read; using the default theme.", path: nil)
        }
        do {
            return Result(theme: try ThemeParser.parse(text, file: sanitize(path)), warning: nil, path: path)
        } catch {
            return Result(theme: .dark, warning: error.description, path: nil)
        }
    }

    /// Theme names available in every directory plus the built-in ones, sorted, without repeats:
    /// the order `t` cycles through.
    public func availableNames() -> [String] {
        var names: Set<String> = [ThemeLoader.defaultThemeName, "monochrome"]
        for dir in directories {
            for file in FileText.list(dir) where file.hasSuffix(".toml") {
                names.insert(String(file.dropLast(5)))
            }
        }
        return names.sorted { a, b in
            // The default first, so cycling starts from what the user sees.
            if a == ThemeLoader.defaultThemeName { return true }
            if b == ThemeLoader.defaultThemeName { return false }
            return a < b
        }
    }

    /// Parses theme text directly (tests, or themes embedded in a config file).
    public static func parse(_ text: String, file: String) -> Result {
        do {
            return Result(theme: try ThemeParser.parse(text, file: file), warning: nil, path: file)
        } catch {
            return Result(theme: .dark, warning: error.description, path: nil)
        }
    }
}

/// Small POSIX file helpers: Foundation's FileManager is more than a theme lookup needs.
enum FileText {
    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    static func read(_ path: String, limit: Int = 1 << 20) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let n = fread(&chunk, 1, chunk.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func list(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names
    }
}
