/// A spot market symbol as the exchange names it, upper case ("BTCUSDT").
public struct Symbol: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let name: String

    /// Accepts letters and digits only, 2...20 of them, in any case.
    public init?(_ text: some StringProtocol) {
        let upper = text.uppercased()
        guard (2...20).contains(upper.utf8.count),
              upper.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }) else {
            return nil
        }
        self.name = upper
    }

    /// For names that arrive from the exchange itself, which may contain any UTF-8.
    public init(exchangeName: String) {
        self.name = exchangeName
    }

    /// Stream names use the lower-case form (`btcusdt@kline_1m`).
    public var streamName: String { name.lowercased() }
    public var description: String { name }
    public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.name < rhs.name }


    public init(from decoder: Decoder) throws {
        self.name = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
