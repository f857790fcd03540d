import Foundation

/// What an error response body says, reduced to one line a person can read.
///
/// Exchanges answer API errors with JSON such as `{"code":-1121,"msg":"Invalid symbol."}`, but
/// the CDN and proxies in front of them answer 403/404/410 with HTML; for those the page title is the message.
struct RestErrorBody: Sendable, Equatable {
    var code: Int?
    var message: String

    static let maxMessageLength = 200

    init(code: Int?, message: String) {
        self.code = code
        self.message = message
    }

    init(body: [UInt8], status: Int) {
        if let json = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            let code = (json["code"] as? NSNumber)?.intValue
            if let msg = json["msg"] as? String {
                self.init(code: code, message: RestErrorBody.clean(msg))
                return
            }
            if code != nil {
                self.init(code: code, message: "no message")
                return
            }
        }
        let text = String(decoding: body, as: UTF8.self)
        if let title = RestErrorBody.htmlTitle(text) {
            self.init(code: nil, message: "\(title) (HTML page)")
        } else if text.contains(where: { !$0.isWhitespace }) {
            self.init(code: nil, message: RestErrorBody.clean(text))
        } else {
            self.init(code: nil, message: "empty body")
        }
    }

    static func htmlTitle(_ text: String) -> String? {
        guard let open = text.range(of: "<title", options: .caseInsensitive),
              let tagEnd = text.range(of: ">", range: open.upperBound..<text.endIndex),
              let close = text.range(of: "</title", options: .caseInsensitive,
                                     range: tagEnd.upperBound..<text.endIndex) else { return nil }
        let title = clean(String(text[tagEnd.upperBound..<close.lowerBound]))
        return title.isEmpty ? nil : title
    }

    /// Collapses whitespace and drops control characters: the message comes from outside and
    /// may end up on the terminal.
    static func clean(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.unicodeScalars.append(" ") }
            pendingSpace = false
            out.unicodeScalars.append(scalar)
            if out.unicodeScalars.count >= maxMessageLength {
                out.unicodeScalars.append("…")
                break
            }
        }
        return out
    }
}
