/// How a `RestClient` talks to an exchange: where, how fast, and how patiently.
///
/// The defaults suit a venue that budgets 6000 request weight a minute per IP, and follow
/// the practice of mature clients: stay under 80% of the limit so other tools on the same IP
/// (and our own clock skew) never push us into a 429, retry server-side failures with
/// jittered exponential backoff, and stop hammering a host that keeps failing.
public struct RestClientOptions: Sendable {
    /// Scheme, host and optional port, without a trailing slash ("https://api.example.com").
    public var baseURL: String
    /// Share of `weightLimitPerMinute` this client allows itself.
    public var weightBudgetFraction: Double
    /// The exchange's REQUEST_WEIGHT limit (read it from exchangeInfo.rateLimits when it matters).
    public var weightLimitPerMinute: Int
    /// How long spent weight counts against the budget. The usual window is one minute; tests
    /// shorten it so a budget delay can be observed in a second.
    public var weightWindow: Duration
    /// Whole-request deadline: connect, send, and the complete body.
    public var requestTimeout: Duration
    /// Extra attempts after the first for 5xx, timeouts and connection errors.
    public var maxRetries: Int
    public var backoffBase: Duration
    public var backoffCap: Duration
    /// Consecutive failed attempts that open the circuit breaker.
    public var breakerThreshold: Int
    public var breakerCooldown: Duration
    /// A 429/418 pause longer than this fails the request with the ban instead of holding the
    /// caller for minutes or days; shorter pauses (a 429 lasts until the minute rolls over)
    /// are waited out and the request retried. Bans start at two minutes, so they fail fast.
    public var maxPauseWait: Duration
    /// Bodies larger than this are refused (the full exchangeInfo is ~20 MB).
    public var maxBodyBytes: Int
    public var userAgent: String
    /// The response header where the venue reports the weight this IP has used (nil: none).
    public var usedWeightHeader: String?
    /// Requests in flight at once (1 keeps a burst from landing inside a 429's Retry-After window).
    public var maxConcurrentRequests = 1
    /// The authorities https connections trust (the system's, plus a private CA bundle).
    public var trust: TLSTrust = .system

    public init(baseURL: String,
                weightBudgetFraction: Double = 0.8,
                weightLimitPerMinute: Int = 6000,
                weightWindow: Duration = .seconds(60),
                requestTimeout: Duration = .seconds(10),
                maxRetries: Int = 4,
                backoffBase: Duration = .milliseconds(500),
                backoffCap: Duration = .seconds(30),
                breakerThreshold: Int = 5,
                breakerCooldown: Duration = .seconds(30),
                maxPauseWait: Duration = .seconds(60),
                maxBodyBytes: Int = 64 << 20,
                userAgent: String = "thebot/0.1.0",
                usedWeightHeader: String? = nil) {
        self.baseURL = baseURL
        self.weightBudgetFraction = weightBudgetFraction
        self.weightLimitPerMinute = weightLimitPerMinute
        self.weightWindow = weightWindow
        self.requestTimeout = requestTimeout
        self.maxRetries = maxRetries
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.breakerThreshold = breakerThreshold
        self.breakerCooldown = breakerCooldown
        self.maxPauseWait = maxPauseWait
        self.maxBodyBytes = maxBodyBytes
        self.userAgent = userAgent
        self.usedWeightHeader = usedWeightHeader
    }

    /// The weight this client lets itself spend per window.
    public var weightBudget: Int {
        max(1, Int((Double(weightLimitPerMinute) * weightBudgetFraction).rounded(.down)))
    }
}
