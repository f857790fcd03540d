import Foundation
import MarketModel

/// A price level a trader asked to hear about: it fires once, as a signal, when the last price
/// reaches it from the side it was set on.
public struct PriceAlert: Sendable, Hashable, Identifiable {
    public enum Side: String, Sendable, Hashable, CaseIterable {
        /// Fires when the price rises to the level or beyond.
        case above
        /// Fires when the price falls to the level or beyond.
        case below
    }

    /// Also the id of the signal it fires, so a fired alert and its history row are one record.
    public var id: UUID
    public var symbol: Symbol
    public var side: Side
    public var price: ExactDecimal
    /// Epoch ms.
    public var createdMs: Int64

    /// The rule name of the signals price alerts fire.
    public static let ruleName = "price-alert"

    public init(id: UUID = UUID(), symbol: Symbol, side: Side, price: ExactDecimal, createdMs: Int64) {
        self.id = id
        self.symbol = symbol
        self.side = side
        self.price = price
        self.createdMs = createdMs
    }

    /// An alert set at `price` while the market is at `last`: above when the level is higher.
    public init(symbol: Symbol, price: ExactDecimal, last: ExactDecimal?, createdMs: Int64) {
        self.init(symbol: symbol, side: last.map { price >= $0 } ?? true ? .above : .below, price: price,
                  createdMs: createdMs)
    }

    /// An alert written in the config file: its id comes from the line itself, so the same line
    /// is the same alert after every restart and one that fired stays fired.
    public static func configured(symbol: Symbol, side: Side, price: ExactDecimal) -> PriceAlert {
        PriceAlert(id: stableID("\(symbol.name)|\(side.rawValue)|\(price)"), symbol: symbol, side: side, price: price,
                   createdMs: 0)
    }

    /// True when `last` has reached the level from the alert's side.
    public func isCrossed(by last: ExactDecimal) -> Bool {
        side == .above ? last >= price : last <= price
    }

    /// The signal this alert fires at `last` on a bar of `interval` at `time`.
    public func signal(last: ExactDecimal, interval: Interval, time: Int64) -> Signal {
        Signal(id: id, time: time, symbol: symbol, interval: interval, rule: Self.ruleName,
               direction: side == .above ? .bullish : .bearish, strength: 1, price: last,
               reason: "\(symbol.name) crossed \(side.rawValue) \(price.normalized) (last \(last.normalized)).")
    }

    /// A UUID from two FNV-1a hashes of `text` (version 8 style bits set), stable across runs.
    private static func stableID(_ text: String) -> UUID {
        func fnv(_ seed: UInt64) -> UInt64 {
            var h = seed
            for b in text.utf8 {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
            return h
        }
        let a = fnv(0xcbf2_9ce4_8422_2325), b = fnv(0x8422_2325_cbf2_9ce4)
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: a >> (56 - 8 * UInt64(i)))
            bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (56 - 8 * UInt64(i)))
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
