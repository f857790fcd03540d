/// A parsed `ws://` or `wss://` URL: where a stream connection goes.
public struct WebSocketEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var secure: Bool
    public var host: String
    public var port: Int
    /// Path prefix without a trailing slash ("" for the host root).
    public var basePath: String

    public enum ParseError: Error, CustomStringConvertible, Sendable {
        case invalid(String)
        public var description: String {
            switch self {
            case .invalid(let url):
                return "The stream endpoint \"\(url)\" is not a ws:// or wss:// URL with a host."
            }
        }
    }

    public init(secure: Bool, host: String, port: Int, basePath: String = "") {
        self.secure = secure
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Accepts `wss://stream.example.com:9443`, `ws://127.0.0.1:8080`, with an optional path
    /// prefix; a trailing `/ws` or `/stream` is dropped because the client picks the path itself.
    public init(parsing url: String) throws(ParseError) {
        let secure: Bool
        var rest: Substring
        if url.hasPrefix("wss://") {
            secure = true
            rest = url.dropFirst(6)
        } else if url.hasPrefix("ws://") {
            secure = false
            rest = url.dropFirst(5)
        } else {
            throw .invalid(url)
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
        while path.hasSuffix("/") { path.removeLast() }
        for suffix in ["/ws", "/stream"] where path.hasSuffix(suffix) {
            path.removeLast(suffix.count)
        }
        var host = String(rest)
        var port = secure ? 443 : 80
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw .invalid(url) }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { throw .invalid(url) }
                port = p
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]), (1...65535).contains(p) else { throw .invalid(url) }
            port = p
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw .invalid(url) }
        self.init(secure: secure, host: host, port: port, basePath: path)
    }

    public var description: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "\(secure ? "wss" : "ws")://\(h):\(port)\(basePath)"
    }

    /// The request path for a combined-stream connection that starts with `streams`.
    public func combinedPath(streams: [String]) -> String {
        streams.isEmpty ? basePath + "/stream" : basePath + "/stream?streams=" + streams.joined(separator: "/")
    }
}
