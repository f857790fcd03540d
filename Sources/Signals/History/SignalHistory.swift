/// The last signals in memory, oldest first, for the monitor's signal pane.
public struct SignalHistory: Sendable {
    public let capacity: Int
    public private(set) var signals: [Signal] = []

    public init(capacity: Int = 100, signals: [Signal] = []) {
        self.capacity = max(1, capacity)
        append(contentsOf: signals)
    }

    public mutating func append(contentsOf batch: [Signal]) {
        signals.append(contentsOf: batch.suffix(capacity))
        if signals.count > capacity { signals.removeFirst(signals.count - capacity) }
    }
}
