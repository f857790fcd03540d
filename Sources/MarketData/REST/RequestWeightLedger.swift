/// The request weight this client believes its IP has spent in the exchange's rolling window.
///
/// Venues with weight budgets report the IP's total in a header on every response, which also
/// counts other programs on the same IP. Between responses (and while requests are in flight)
/// we add what we send ourselves. Each response reconciles the ledger with the server's
/// figure: weight the server knows about and we do not is booked as spent "now", which is
/// conservative — it may in truth have been spent up to a window ago and free up sooner.
struct RequestWeightLedger: Sendable {
    struct Entry: Sendable {
        var at: ContinuousClock.Instant
        var weight: Int
        /// Orders our own requests, so a response only reconciles what was sent before it.
        var sequence: Int
    }

    let window: Duration
    private(set) var entries: [Entry] = []
    private(set) var lastReported: Int?
    private var nextSequence = 0

    init(window: Duration) {
        self.window = window
    }

    mutating func prune(now: ContinuousClock.Instant) {
        entries.removeAll { $0.at + window <= now }
    }

    func used(now: ContinuousClock.Instant) -> Int {
        entries.reduce(0) { $1.at + window > now ? $0 + $1.weight : $0 }
    }

    /// Books the weight of a request about to be sent; the result identifies it for `reconcile`.
    mutating func record(weight: Int, now: ContinuousClock.Instant) -> Int {
        prune(now: now)
        let sequence = nextSequence
        nextSequence += 1
        entries.append(Entry(at: now, weight: max(0, weight), sequence: sequence))
        return sequence
    }

    /// Aligns the ledger with the server's count as of the response to request `sequence`.
    mutating func reconcile(reported: Int, sequence: Int, now: ContinuousClock.Instant) {
        prune(now: now)
        lastReported = reported
        let covered = entries.indices.filter { entries[$0].sequence <= sequence }
        let coveredWeight = covered.reduce(0) { $0 + entries[$1].weight }
        if reported > coveredWeight {
            entries.append(Entry(at: now, weight: reported - coveredWeight, sequence: sequence))
        } else if reported < coveredWeight {
            // The server's window has moved on (or reset at the minute): forget our oldest
            // bookings first, since those are the ones it no longer counts.
            var excess = coveredWeight - reported
            for index in covered where excess > 0 {
                let taken = min(excess, entries[index].weight)
                entries[index].weight -= taken
                excess -= taken
            }
            entries.removeAll { $0.weight == 0 }
        }
    }

    /// When a request of `weight` fits in `budget`: nil if it fits now. A request heavier than
    /// the whole budget waits for an empty ledger rather than forever.
    func instantFitting(weight: Int, budget: Int, now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        var remaining = used(now: now)
        let allowed = max(0, budget - weight)
        guard remaining > allowed else { return nil }
        let expiries = entries.filter { $0.at + window > now }.sorted { $0.at < $1.at }
        for entry in expiries {
            remaining -= entry.weight
            if remaining <= allowed { return entry.at + window }
        }
        return expiries.last.map { $0.at + window }
    }
}
