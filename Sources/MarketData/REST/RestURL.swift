/// Builds request URLs by hand: a venue's `symbols=["BTCUSDT","ETHUSDT"]` parameter needs its
/// brackets, quotes and commas percent-encoded, and Foundation's URLComponents leaves some of
/// them alone.
enum RestURL {
    static func parseBase(_ baseURL: String) -> (scheme: String, host: String, port: Int?)? {
        let lower = baseURL.lowercased()
        let scheme: String
        if lower.hasPrefix("https://") { scheme = "https" } else if lower.hasPrefix("http://") { scheme = "http" } else { return nil }
        var rest = baseURL.dropFirst(scheme.count + 3)
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var host = Substring(rest)
        var port: Int?
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else { return nil }
            port = p
            host = rest[..<colon]
        }
        guard !host.isEmpty else { return nil }
        return (scheme, String(host), port)
    }

    static func make(base: String, path: String, query: [(String, String)]) throws(RestError) -> String {
        guard path.hasPrefix("/"), !path.contains("?"), !path.contains("#") else {
            throw .invalidRequest("path \"\(path)\" must start with / and carry no query")
        }
        var url = base.hasSuffix("/") ? String(base.dropLast()) : base
        url += path
        if !query.isEmpty {
            url += "?" + query.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
        }
        return url
    }

    /// RFC 3986 unreserved characters pass; every other byte is percent-encoded.
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return out
    }
}
