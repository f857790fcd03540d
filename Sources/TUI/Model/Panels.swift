import MarketModel

/// One line of the indicator table.
public struct IndicatorRow: Sendable, Equatable {
    public enum State: Sendable, Equatable { case bullish, bearish, neutral }
    public var name: String
    /// Already formatted by the app ("56.21", "warming up 12/14").
    public var value: String
    public var state: State

    public init(name: String, value: String, state: State = .neutral) {
        self.name = name
        self.value = value
        self.state = state
    }
}

public enum SignalDirection: Sendable, Equatable { case up, down }

/// One fired signal in the history pane.
public struct SignalRow: Sendable, Equatable {
    public var timeMs: Int64
    public var symbol: String
    public var rule: String
    public var reason: String
    public var direction: SignalDirection
    /// The series it fired on, when known: the chart marks it on that interval only.
    public var interval: Interval?
    /// The signal's id, when known, so a later "now saved" can find the row.
    public var id: String?
    /// False while the signal history could not store it: the pane marks the row "not saved".
    public var saved: Bool

    public init(timeMs: Int64, symbol: String, rule: String, reason: String, direction: SignalDirection,
                interval: Interval? = nil, id: String? = nil, saved: Bool = true) {
        self.timeMs = timeMs
        self.symbol = symbol
        self.rule = rule
        self.reason = reason
        self.direction = direction
        self.interval = interval
        self.id = id
        self.saved = saved
    }
}

public enum Severity: String, Sendable, Equatable, CaseIterable { case info, warning, critical }

/// A transient alert in the top-right corner.
public struct Toast: Sendable, Equatable, Identifiable {
    public var id: Int
    public var text: String
    public var severity: Severity
    public var direction: SignalDirection?
    public var createdAtMs: Int64

    /// How long a toast stays on screen.
    public static let lifetimeMs: Int64 = 5_000

    public init(id: Int, text: String, severity: Severity = .info, direction: SignalDirection? = nil, createdAtMs: Int64) {
        self.id = id
        self.text = text
        self.severity = severity
        self.direction = direction
        self.createdAtMs = createdAtMs
    }

    public func isVisible(at nowMs: Int64) -> Bool {
        nowMs >= createdAtMs && nowMs < createdAtMs + Toast.lifetimeMs
    }
}

/// A centred box that needs acknowledging (a fatal configuration error, a confirmation).
public struct ModalView: Sendable, Equatable {
    public var title: String
    public var lines: [String]
    public var severity: Severity

    public init(title: String, lines: [String], severity: Severity = .info) {
        self.title = title
        self.lines = lines
        self.severity = severity
    }
}

/// A prompt with completion: the `i` indicator picker and the `a` add-symbol prompt.
public struct PickerView: Sendable, Equatable {
    public var prompt: String
    public var input: String
    public var candidates: [String]
    /// Index into `candidates` of the highlighted one, if any.
    public var selected: Int?
    /// A hint under the list, e.g. "sma(20), ema(12), rsi(14) …".
    public var hint: String?

    public init(prompt: String, input: String = "", candidates: [String] = [], selected: Int? = nil, hint: String? = nil) {
        self.prompt = prompt
        self.input = input
        self.candidates = candidates
        self.selected = selected
        self.hint = hint
    }
}
