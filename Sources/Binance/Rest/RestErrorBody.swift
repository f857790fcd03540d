import Foundation

/// An error answer from the REST API, whatever its format: Binance's `{"code":-1121,"msg":..}`,
/// or an HTML page or plain text from a proxy in front of it (nginx 404, CloudFront 403/410),
/// which carry no code.
public struct RestErrorBody: Sendable, Hashable, CustomStringConvertible {
    public enum Format: Sendable, Hashable { case json, html, text, empty }

    /// Binance's error code (negative, e.g. -1003 for too much request weight); nil for
    /// bodies that are not Binance JSON.
    public var code: Int?
    /// The exchange's message, the HTML page's title, or the first line of text.
    public var message: String
    public var format: Format

    public init(code: Int?, message: String, format: Format = .json) {
        self.code = code
        self.message = message
        self.format = format
    }

    /// Reads any error body; never fails, since an error page must still reach the user.
    public init(body: Data) {
        if let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
           let message = json["msg"] as? String {
            self.init(code: (json["code"] as? NSNumber)?.intValue, message: message, format: .json)
            return
        }
        let text = String(decoding: body, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            self.init(code: nil, message: "", format: .empty)
        } else if trimmed.hasPrefix("<") {
            self.init(code: nil, message: Self.htmlSummary(trimmed), format: .html)
        } else {
            let firstLine = trimmed.split(whereSeparator: \.isNewline).first.map(String.init) ?? trimmed
            self.init(code: nil, message: Self.clean(firstLine), format: .text)
        }
    }

    /// Binance's JSON error, if the body is one; nil for anything else.
    static func json(_ body: Data) -> RestErrorBody? {
        let parsed = RestErrorBody(body: body)
        return parsed.format == .json ? parsed : nil
    }

    public var description: String {
        switch format {
        case .json:
            let code = self.code.map { " \($0)" } ?? ""
            return "Binance answered with error\(code): \(Self.sentence(message))"
        case .html:
            return "Binance answered with an HTML page instead of JSON: \(Self.sentence(message))"
        case .text:
            return "Binance answered with text instead of JSON: \(Self.sentence(message))"
        case .empty:
            return "Binance answered with an empty body."
        }
    }

    private static func sentence(_ text: String) -> String {
        text.hasSuffix(".") ? text : text + "."
    }

    /// The `<title>`, else the first `<h1>`, else the page's text.
    static func htmlSummary(_ html: String) -> String {
        for tag in ["title", "h1"] {
            if let open = html.range(of: "<\(tag)>", options: .caseInsensitive),
               let close = html.range(of: "</\(tag)>", options: .caseInsensitive, range: open.upperBound..<html.endIndex) {
                let inner = clean(decodeEntities(String(html[open.upperBound..<close.lowerBound])))
                if !inner.isEmpty { return inner }
            }
        }
        var text = ""
        var inTag = false
        for ch in html {
            if ch == "<" { inTag = true; text.append(" ") } else if ch == ">" { inTag = false } else if !inTag { text.append(ch) }
        }
        return clean(decodeEntities(text))
    }

    private static func decodeEntities(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// One line of at most 200 characters with no control characters: it ends up on a terminal.
    private static func clean(_ text: String) -> String {
        let words = text.unicodeScalars
            .map { $0.properties.generalCategory == .control ? " " : Character($0) }
        let collapsed = String(words).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.count > 200 ? String(collapsed.prefix(199)) + "…" : collapsed
    }
}
