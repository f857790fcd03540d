import ArgumentParser
import Foundation

/// A mistake the user can fix: printed as one sentence on stderr, exit code 2, never a trace.
struct UserError: Error, CustomStringConvertible {
    let description: String
    init(_ sentence: String) { description = sentence }
}

enum Failure {
    /// Prints `thebot: <sentence>` and turns the error into exit code 2 (1 for internal failures).
    static func exit(_ error: any Error) -> ExitCode {
        let text: String
        if let user = error as? UserError {
            text = user.description
        } else if let described = error as? CustomStringConvertible {
            text = described.description
        } else {
            text = "\(error)"
        }
        FileHandle.standardError.write(Data("thebot: \(text)\n".utf8))
        return ExitCode(2)
    }
}
