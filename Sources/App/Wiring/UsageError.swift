import ArgumentParser
import Foundation

/// Turns the argument parser's errors (bad value, unknown flag, missing value) into the one
/// sentence and exit code 2 that every other mistake gets, instead of a usage dump and 64.
enum UsageError {
    /// The sentence for a parse error, or nil when `error` is not one (help, version, a command's
    /// own exit code).
    static func sentence(for error: any Error, arguments: [String]) -> String? {
        guard TheBot.exitCode(for: error) == .validationFailure else { return nil }
        let message = TheBot.fullMessage(for: error)
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard var first = lines.first, !first.isEmpty else { return nil }
        if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
        let command = commandName(in: arguments)
        let helpHint = "run `\(command) --help` for the options"
        // "Help:  --refresh <refresh>  Frame interval …": the accepted values, in the flag's own words.
        let accepted = lines.first { $0.hasPrefix("Help:") }.flatMap(helpText)
        var sentence = rephrase(first)
        if let accepted, !sentence.contains(accepted) {
            sentence += " (\(accepted.trimmingCharacters(in: CharacterSet(charactersIn: ". "))))"
        }
        return sentence + "; " + helpHint + "."
    }

    /// "The value 'abc' is invalid for '--refresh <refresh>'" → "--refresh does not accept "abc"".
    private static func rephrase(_ text: String) -> String {
        var text = text
        while text.hasSuffix(".") { text.removeLast() }
        if text.hasPrefix("The value '"), let range = text.range(of: "' is invalid for '") {
            let value = text[text.index(text.startIndex, offsetBy: "The value '".count)..<range.lowerBound]
            let flag = text[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
            return "\(flag.trimmingCharacters(in: CharacterSet(charactersIn: "'"))) does not accept \"\(value)\""
        }
        if text.hasPrefix("Missing value for '") {
            let flag = text.dropFirst("Missing value for '".count).split(separator: " ").first.map(String.init) ?? ""
            return "\(flag.trimmingCharacters(in: CharacterSet(charactersIn: "'"))) needs a value"
        }
        if text.hasPrefix("Unknown option") { return text.replacingOccurrences(of: "'", with: "") }
        return text
    }

    /// The description column of a "Help:  --flag <value>  Description" line.
    private static func helpText(_ line: String) -> String? {
        let body = line.dropFirst("Help:".count).trimmingCharacters(in: .whitespaces)
        guard let gap = body.range(of: "  ") else { return nil }
        let text = body[gap.upperBound...].trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// "thebot stream" when the arguments name a subcommand, else "thebot".
    private static func commandName(in arguments: [String]) -> String {
        let names = TheBot.configuration.subcommands.map { $0.configuration.commandName ?? "" }
        if let first = arguments.first, names.contains(first) { return "thebot \(first)" }
        return "thebot"
    }
}
