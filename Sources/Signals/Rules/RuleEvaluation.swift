/// When a rule looks at the market.
///
/// - `onClose` (the default) evaluates once per bar, on the closed candle, with committed
///   indicator values: what a backtest sees, never repainted.
/// - `intrabar` also evaluates on every forming-candle update, with *preview* values (the
///   indicators as if the forming bar closed now). It fires at most once per bar per rule:
///   earlier than `onClose`, but on values the close may still take back.
public enum RuleEvaluation: String, Sendable, Hashable, Codable {
    case onClose = "close"
    case intrabar
}
