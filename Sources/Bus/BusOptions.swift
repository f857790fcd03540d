import Foundation

/// Where the bus is and who we are on it. Credentials stay in here: `label` names the server
/// without them, and nothing else of this type is ever printed or logged.
public struct BusOptions: Sendable {
    public var url: String
    public var credentialsFile: String?
    public var user: String?
    public var password: String?
    public var token: String?
    /// The client name the server shows in its connection list.
    public var name: String

    public init(url: String, credentialsFile: String? = nil, user: String? = nil, password: String? = nil,
                token: String? = nil, name: String = "thebot") {
        self.url = url
        self.credentialsFile = credentialsFile
        self.user = user
        self.password = password
        self.token = token
        self.name = name
    }

    /// `nats://host:port` without user information, for the status bar and messages.
    public var label: String {
        guard let parts = URLComponents(string: url), let host = parts.host else { return "the NATS server" }
        return "\(parts.scheme ?? "nats")://\(host):\(parts.port ?? 4222)"
    }

    /// The URL's shape and the auth flags' combination, checked before any connection.
    public func validate() throws {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme,
              ["nats", "tls"].contains(scheme), let host = parts.host, !host.isEmpty else {
            throw BusError("\"\(Self.withoutUserInfo(url))\" is not a NATS URL: use nats://HOST:4222 (or tls://HOST:4222).")
        }
        if parts.user != nil || parts.password != nil {
            throw BusError("Put NATS credentials in --nats-creds, --nats-user/--nats-password or --nats-token, not in the URL.")
        }
        let ways = [credentialsFile != nil, user != nil || password != nil, token != nil].filter { $0 }.count
        guard ways <= 1 else {
            throw BusError("Use one of --nats-creds, --nats-user/--nats-password or --nats-token, not several.")
        }
        if token?.isEmpty == true { throw BusError("--nats-token must not be empty.") }
        if (user == nil) != (password == nil) {
            throw BusError("--nats-user and --nats-password go together.")
        }
        if let credentialsFile, !FileManager.default.isReadableFile(atPath: credentialsFile) {
            throw BusError("The NATS credentials file \(credentialsFile) cannot be read.")
        }
    }

    static func withoutUserInfo(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at else { return text }
        return String(text[..<scheme.upperBound]) + String(text[text.index(after: at)...])
    }
}

/// A bus failure as one sentence for the user (what failed and what to do).
public struct BusError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ sentence: String) { description = sentence }
}
