import Foundation

/// Decoding of REST response bodies. REST is a cold path (backfill, start-up), so this uses
/// Foundation's JSONDecoder; the stream path never does.
public enum RestDecoder {
    /// Decodes `T`, turning Binance's JSON error body and Foundation's errors into
    /// `RestDecodeError`s that name `what` was being read.
    static func decode<T: Decodable>(_ type: T.Type, from body: Data, what: String) throws(RestDecodeError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch let error as RestDecodeError {
            throw error
        } catch let error as DecodingError {
            if let exchange = RestErrorBody.json(body) { throw .exchangeError(exchange) }
            throw describe(error, what: what)
        } catch {
            throw .notJSON(what: what)
        }
    }

    private static func describe(_ error: DecodingError, what: String) -> RestDecodeError {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the top level" : "`\(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)`"
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .notJSON(what: what)
        case .dataCorrupted(let context):
            return .unexpectedShape(what: what, detail: "\(path(context)) is unreadable (\(context.debugDescription))")
        case .typeMismatch(let type, let context):
            return .unexpectedShape(what: what, detail: "\(path(context)) is not \(typeName(type))")
        case .valueNotFound(let type, let context):
            return .unexpectedShape(what: what, detail: "\(path(context)) is null where \(typeName(type)) was expected")
        case .keyNotFound(let key, let context):
            return .unexpectedShape(what: what, detail: "key `\(key.stringValue)` is missing at \(path(context))")
        @unknown default:
            return .unexpectedShape(what: what, detail: String(describing: error))
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int64.Type, is Int.Type: return "an integer"
        case is Bool.Type: return "a boolean"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "an array" : (name.hasPrefix("Dictionary") ? "an object" : "a \(name)")
        }
    }
}
