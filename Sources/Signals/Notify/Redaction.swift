import Foundation

/// Keeps credentials out of the log and out of error sentences: a URL is named by its scheme,
/// host and port only (a webhook's path and query often are its token), and known secret
/// strings are cut out of any text that might echo them.
public enum Redaction {
    /// `https://hooks.example.com` for `https://user:pw@hooks.example.com/services/T0/B0/XYZ?token=…`.
    public static func url(_ url: URL) -> String {
        guard let scheme = url.scheme, let host = url.host else { return "the configured URL" }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    /// The parts of `url` that may carry a credential: the whole URL, its user, password, path
    /// and query, each only when long enough to be told apart from ordinary words.
    public static func secrets(of url: URL) -> [String] {
        var parts = [url.absoluteString]
        if let user = url.user { parts.append(user) }
        if let password = url.password { parts.append(password) }
        if !url.path.isEmpty, url.path != "/" { parts.append(url.path) }
        if let query = url.query { parts.append(query) }
        return parts.filter { $0.count >= 4 }
    }

    /// `text` with every occurrence of each secret replaced by `[redacted]`, longest first so a
    /// whole URL goes before its path would.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            out = out.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return out
    }
}
