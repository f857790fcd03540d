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

    // Equality and hashing by the name's bytes, as the exchange sends them: the feed looks a
    // series up by symbol for every message, and a String's own hash (Unicode-aware, SipHash
    // over its scalars) costs more than everything else done for the lookup.
    public static func == (lhs: Symbol, rhs: Symbol) -> Bool {
        lhs.name.utf8.elementsEqual(rhs.name.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        var folded: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { folded = (folded ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hasher.combine(folded)
    }

    public init(from decoder: Decoder) throws {
        self.name = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
