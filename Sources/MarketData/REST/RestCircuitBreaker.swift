/// The public view of the breaker.
public enum CircuitBreakerState: Sendable, Equatable, CustomStringConvertible {
    case closed
    case open(until: ContinuousClock.Instant)
    case halfOpen

    /// "closed", "open (12 s)", "half-open": short enough for a status bar.
    public var description: String {
        switch self {
        case .closed: return "closed"
        case .open(let until): return "open (\(RestError.seconds(max(.zero, until - .now))))"
        case .halfOpen: return "half-open"
        }
    }
}

/// Stops a client from hammering a host that keeps failing, and lets exactly one probe
/// through after the cool-down to find out whether it recovered.
struct RestCircuitBreaker: Sendable {
    enum Admission: Sendable, Equatable {
        case allowed
        /// The single request allowed while half-open; its outcome decides the state.
        case probe
        case rejected(retryIn: Duration)
    }

    private enum Mode: Sendable, Equatable {
        case closed
        case open(until: ContinuousClock.Instant)
        case halfOpen(probeInFlight: Bool)
    }

    let threshold: Int
    let cooldown: Duration
    private var mode: Mode = .closed
    private(set) var consecutiveFailures = 0

    init(threshold: Int, cooldown: Duration) {
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
    }

    var state: CircuitBreakerState {
        switch mode {
        case .closed: return .closed
        case .open(let until): return .open(until: until)
        case .halfOpen: return .halfOpen
        }
    }

    mutating func admit(now: ContinuousClock.Instant) -> Admission {
        switch mode {
        case .closed:
            return .allowed
        case .open(let until) where now < until:
            return .rejected(retryIn: until - now)
        case .open, .halfOpen(probeInFlight: false):
            mode = .halfOpen(probeInFlight: true)
            return .probe
        case .halfOpen(probeInFlight: true):
            return .rejected(retryIn: .zero)
        }
    }

    /// The host answered (any status that shows it is up).
    mutating func recordSuccess() {
        consecutiveFailures = 0
        mode = .closed
    }

    mutating func recordFailure(now: ContinuousClock.Instant) {
        consecutiveFailures += 1
        switch mode {
        case .halfOpen:
            mode = .open(until: now + cooldown)
        case .closed where consecutiveFailures >= threshold:
            mode = .open(until: now + cooldown)
        case .closed, .open:
            break
        }
    }

    /// The request ended without telling us anything about the host's health (cancelled,
    /// rate limited): if it was the probe, let the next request probe instead.
    mutating func recordInconclusive(wasProbe: Bool) {
        if wasProbe, case .halfOpen = mode {
            mode = .halfOpen(probeInFlight: false)
        }
    }
}
