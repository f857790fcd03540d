import TOMLKit

/// A theme file that cannot be used, said in one sentence naming the file and the key.
public struct ThemeError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var key: String?
    public var problem: String

    public var description: String {
        if let key { return "Theme file \(file): key \"\(key)\" \(problem); using the default theme." }
        return "Theme file \(file): \(problem); using the default theme."
    }
}

/// Reads the TOML theme format (see Themes/README.md):
///
///     name = "gruvbox"
///     [colors]
///     background = "#282828"
///     [attributes]
///     title = "bold"
enum ThemeParser {
    static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        let table: TOMLTable
        do {
            table = try TOMLText.table(text)
        } catch {
            throw ThemeError(file: file, key: nil,
                             problem: "is not valid TOML (\(sanitize(error.description)) at line \(error.line))")
        }
        var name = baseName(file)
        var colors: [ThemeRole: Color] = [:]
        var attributes: [ThemeRole: Attributes] = [:]
        for key in table.keys {
            switch key {
            case "name":
                guard let s = table[key]?.string, !s.isEmpty else {
                    throw ThemeError(file: file, key: key, problem: "must be a non-empty string")
                }
                name = sanitize(s)
            case "description", "author":
                continue
            case "colors":
                guard let sub = table[key]?.table else {
                    throw ThemeError(file: file, key: key, problem: "must be a table ([colors])")
                }
                for k in sub.keys {
                    guard let role = ThemeRole(key: k) else {
                        throw ThemeError(file: file, key: "colors.\(k)", problem: "is not a theme role (known: \(roleList))")
                    }
                    guard let s = sub[k]?.string, let c = Color(hex: s) else {
                        throw ThemeError(file: file, key: "colors.\(k)",
                                         problem: "must be a colour like \"#rrggbb\" or \"default\"")
                    }
                    colors[role] = c
                }
            case "attributes":
                guard let sub = table[key]?.table else {
                    throw ThemeError(file: file, key: key, problem: "must be a table ([attributes])")
                }
                for k in sub.keys {
                    guard let role = ThemeRole(key: k) else {
                        throw ThemeError(file: file, key: "attributes.\(k)", problem: "is not a theme role (known: \(roleList))")
                    }
                    guard let s = sub[k]?.string, let a = Attributes(names: s) else {
                        throw ThemeError(file: file, key: "attributes.\(k)",
                                         problem: "must list bold, dim, underline, reverse or italic, e.g. \"bold,underline\"")
                    }
                    attributes[role] = a
                }
            default:
                throw ThemeError(file: file, key: key, problem: "is unknown (expected name, [colors] and [attributes])")
            }
        }
        return Theme(name: name, colors: colors, attributes: attributes)
    }

    static var roleList: String { ThemeRole.allCases.map(\.rawValue).joined(separator: ", ") }

    static func baseName(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        return last.hasSuffix(".toml") ? String(last.dropLast(5)) : last
    }
}
