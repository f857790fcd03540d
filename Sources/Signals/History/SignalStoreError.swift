import Foundation

/// A signal-store failure as one sentence: what failed and what to do.
public enum SignalStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case readFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            "Cannot create the signal history folder \(path) (\(reason)); check its permissions or set another database path."
        case .cannotOpen(let path, let reason):
            "Cannot open the signal history \(path) (\(reason)); check the file or set another database path."
        case .writeFailed(let path, let reason):
            "Cannot write to the signal history \(path) (\(reason)); check the free disk space and that no other program holds the file."
        case .readFailed(let path, let reason):
            "Cannot read the signal history \(path) (\(reason)); check the file or set another database path."
        }
    }
}

extension SignalStoreError: LocalizedError {
    public var errorDescription: String? { description }
}
