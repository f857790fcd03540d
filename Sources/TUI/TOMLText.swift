import TOMLKit

/// The one way the project reads TOML (the config file and themes).
///
/// TOMLKit's parser (toml++) assumes that a table header's first character after `[` or `[[`
/// starts a key; when it does not (`[[[rules]]`, `[ ]x]`, a header of replaced bytes) the
/// library stops the process on an assertion instead of reporting an error, and so it does on a
/// `}` where an array expects a value. `table(_:)` checks those preconditions first, on the text as TOML reads it (strings, multi-line strings,
/// comments and values spanning lines), and gives every problem as a line and a sentence.
public enum TOMLText {
    public struct Problem: Error, Equatable, Sendable {
        /// 1-based line of the problem.
        public let line: Int
        /// What is wrong, without a final period.
        public let description: String
    }

    public static func table(_ text: String) throws(Problem) -> TOMLTable {
        if let problem = structureProblem(in: text) { throw problem }
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Problem(line: Int(error.source.begin.line), description: error.description)
        } catch {
            throw Problem(line: 1, description: "the text is not valid TOML")
        }
    }

    /// The first table header whose name does not start with a key character or a quote, or the
    /// first bracket that closes the other kind.
    static func structureProblem(in text: String) -> Problem? {
        var scan = Scanner(bytes: Array(text.utf8))
        return scan.run()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var line = 1

        init(bytes: [UInt8]) { self.bytes = bytes }

        private static let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")
        private static let newline = UInt8(ascii: "\n"), hash = UInt8(ascii: "#")

        private func at(_ k: Int) -> UInt8? { k < bytes.count ? bytes[k] : nil }
        private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        private static func startsKey(_ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
                 quote, apostrophe:
                return true
            default:
                return false
            }
        }

        mutating func run() -> Problem? {
            // At the start of each line outside a value: a header, a key/value pair, a comment
            // or nothing.
            while i < bytes.count {
                while let b = at(i), Self.isBlank(b) || b == 0x0D { i += 1 }
                guard let b = at(i) else { return nil }
                if b == Self.newline { line += 1; i += 1; continue }
                if b == Self.hash { skipComment(); continue }
                if b == UInt8(ascii: "[") {
                    if let problem = header() { return problem }
                } else if let problem = keyValue() {
                    return problem
                }
            }
            return nil
        }

        private mutating func skipComment() {
            while let b = at(i), b != Self.newline { i += 1 }
        }

        private mutating func header() -> Problem? {
            i += 1
            if at(i) == UInt8(ascii: "[") { i += 1 }
            while let b = at(i), Self.isBlank(b) { i += 1 }
            // The end of the text after `[` is reported by the parser itself.
            if let b = at(i), !Self.startsKey(b) {
                return Problem(line: line, description: "a table header must start with a key name, a letter, digit, _, - or a quote")
            }
            // The rest of the header line: quoted key parts may hold any character.
            while let b = at(i), b != Self.newline {
                if b == Self.hash { skipComment(); break }
                if b == Self.quote || b == Self.apostrophe { string(b) } else { i += 1 }
            }
            return nil
        }

        /// A key, `=` and a value, which may span lines inside brackets, braces or multi-line
        /// strings. Ends at the newline that closes it (not consumed). A `]` or `}` that closes
        /// the other kind of bracket is refused here: the library stops the process on a `}`
        /// where an array expects a value.
        private mutating func keyValue() -> Problem? {
            var open: [UInt8] = []
            while let b = at(i) {
                switch b {
                case Self.newline:
                    if open.isEmpty { return nil }
                    line += 1; i += 1
                case Self.hash:
                    skipComment()
                case Self.quote, Self.apostrophe:
                    string(b)
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    open.append(b); i += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    let opener = b == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")
                    if let last = open.last, last != opener {
                        let inside = last == UInt8(ascii: "[") ? "an array" : "an inline table"
                        return Problem(line: line, description: "'\(Character(Unicode.Scalar(b)))' cannot close \(inside)")
                    }
                    if !open.isEmpty { open.removeLast() }
                    i += 1
                default:
                    i += 1
                }
            }
            return nil
        }

        /// A string starting at `i` with `delimiter`: basic ("..." with escapes), literal
        /// ('...'), or their multi-line forms, whose closing triple may carry up to two more
        /// delimiters belonging to the content. Counts the newlines it crosses.
        private mutating func string(_ delimiter: UInt8) {
            let escapes = delimiter == Self.quote
            if at(i + 1) == delimiter, at(i + 2) == delimiter {
                i += 3
                while let b = at(i) {
                    if escapes && b == UInt8(ascii: "\\") {
                        if at(i + 1) == Self.newline { line += 1 }
                        i += 2; continue
                    }
                    if b == Self.newline { line += 1 }
                    if b == delimiter, at(i + 1) == delimiter, at(i + 2) == delimiter {
                        i += 3
                        var extra = 0
                        while extra < 2, at(i) == delimiter { i += 1; extra += 1 }
                        return
                    }
                    i += 1
                }
                return
            }
            i += 1
            while let b = at(i), b != Self.newline {
                i += 1
                if escapes && b == UInt8(ascii: "\\") {
                    if at(i) != Self.newline { i += 1 }
                    continue
                }
                if b == delimiter { return }
            }
        }
    }
}
