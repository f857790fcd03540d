/// A snapshot of a `RestClient`'s health for the status bar and the log.
public struct RestStatus: Sendable, Equatable {
    /// The last used weight the exchange reported in its weight header (nil before the first response).
    public var weightUsed: Int?
    /// The local estimate of weight spent in the current window, including requests in flight.
    public var estimatedWeight: Int
    public var weightBudget: Int
    /// Set after a 429/418: no request leaves before this instant.
    public var pausedUntil: ContinuousClock.Instant?
    public var breaker: CircuitBreakerState
    public var consecutiveFailures: Int
    public var lastError: String?
    /// Attempts sent over the wire, retries included.
    public var requestCount: Int
    /// Times a request had to wait for the weight budget.
    public var budgetDelays: Int

    public init(weightUsed: Int?, estimatedWeight: Int, weightBudget: Int,
                pausedUntil: ContinuousClock.Instant?, breaker: CircuitBreakerState,
                consecutiveFailures: Int, lastError: String?, requestCount: Int, budgetDelays: Int) {
        self.weightUsed = weightUsed
        self.estimatedWeight = estimatedWeight
        self.weightBudget = weightBudget
        self.pausedUntil = pausedUntil
        self.breaker = breaker
        self.consecutiveFailures = consecutiveFailures
        self.lastError = lastError
        self.requestCount = requestCount
        self.budgetDelays = budgetDelays
    }
}
