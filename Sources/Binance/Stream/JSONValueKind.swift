/// The JSON type a value turned out to have, for error messages.
public enum JSONValueKind: String, Sendable, Hashable, CustomStringConvertible {
    case string, integer, number, bool, null, object, array

    public var description: String {
        switch self {
        case .array, .integer, .object: return "an \(rawValue)"
        default: return "a \(rawValue)"
        }
    }
}
