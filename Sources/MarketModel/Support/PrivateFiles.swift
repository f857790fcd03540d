#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What thebot writes is the user's alone: files 0600 in directories 0700.
///
/// Missing directories are created 0700, one component at a time. An existing file that is
/// looser is tightened to 0600. An existing directory is tightened to 0700 when it is
/// thebot's own (its name is `thebot`, as in `~/.local/state/thebot`) or thebot just created
/// it; a directory the user chose for a file (a `database` path elsewhere) keeps its mode.
public enum PrivateFiles {
    public static let fileMode: mode_t = 0o600
    public static let directoryMode: mode_t = 0o700

    /// A failure as the OS said it (`strerror`), with the path it concerns.
    public struct Failure: Error, Sendable, Equatable {
        public var path: String
        public var reason: String
    }

    /// Makes sure the directory holding `file` exists and is private; returns nothing, throws
    /// when it cannot be created.
    public static func prepareDirectory(forFile file: String) throws(Failure) {
        guard let slash = file.lastIndex(of: "/") else { return }
        let directory = String(file[..<slash])
        guard !directory.isEmpty else { return }
        try prepareDirectory(directory)
    }

    /// Creates `directory` (and missing parents) with 0700, or tightens it when it is thebot's own.
    public static func prepareDirectory(_ directory: String) throws(Failure) {
        var info = stat()
        if stat(directory, &info) == 0 {
            if directory.hasSuffix("/thebot") || directory == "thebot" { tighten(directory, to: directoryMode, info: info) }
            return
        }
        var built = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            built += "/" + component
            if stat(built, &info) == 0 { continue }
            if mkdir(built, directoryMode) != 0 && errno != EEXIST {
                throw Failure(path: built, reason: String(cString: strerror(errno)))
            }
            // mkdir applies the umask; the mode must not depend on it.
            chmod(built, directoryMode)
        }
    }

    /// Tightens an existing file to 0600 (a no-op when it is already as private, or missing).
    public static func tightenFile(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        tighten(path, to: fileMode, info: info)
    }

    /// The permission bits of `path`, or nil when it does not exist.
    public static func mode(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    private static func tighten(_ path: String, to mode: mode_t, info: stat) {
        let current = info.st_mode & 0o7777
        // Only ever removes permissions: never adds any the user took away.
        if current & ~mode != 0 { chmod(path, current & mode) }
    }
}
