import Foundation
import MarketModel

/// Which way a signal leans.
public enum SignalDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case bullish, bearish, neutral

    /// +1, -1 or 0: how the direction counts in the consensus.
    public var sign: Double {
        switch self {
        case .bullish: 1
        case .bearish: -1
        case .neutral: 0
        }
    }
}

/// One detected event on one (symbol, interval) series.
///
/// `id` is a UUID rather than a counter so that aggregators living in different per-symbol
/// actors never need to share state to stay unique.
public struct Signal: Sendable, Hashable, Identifiable {
    public var id: UUID
    /// Epoch ms: the bar's close time for a closed-bar rule, the event time (or the bar's
    /// open time when none was given) for an intrabar rule.
    public var time: Int64
    public var symbol: Symbol
    public var interval: Interval
    /// The rule's name as configured.
    public var rule: String
    public var direction: SignalDirection
    /// 0...1.
    public var strength: Double
    /// The close (or the forming bar's last price) when the rule fired, exact.
    public var price: ExactDecimal
    /// One sentence naming the values that triggered it.
    public var reason: String

    public init(id: UUID = UUID(), time: Int64, symbol: Symbol, interval: Interval, rule: String,
                direction: SignalDirection, strength: Double, price: ExactDecimal, reason: String) {
        self.id = id
        self.time = time
        self.symbol = symbol
        self.interval = interval
        self.rule = rule
        self.direction = direction
        self.strength = min(1, max(0, strength.isNaN ? 0 : strength))
        self.price = price
        self.reason = reason
    }
}
