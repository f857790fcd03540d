/// Messages per second over a sliding window of samples of a counter that only grows. A window
/// of several seconds smooths bursty feeds (a kline stream sends a frame every second or two, so
/// a one-second sample often reads zero while data flows), and reconnects cannot make the
/// count go backwards, since the counter belongs to the slot, not to one connection.
struct RateWindow: Sendable {
    /// How far back the oldest sample in use may be.
    let seconds: Double
    private var samples: [(at: Double, count: Int)] = []

    init(seconds: Double = 5) {
        self.seconds = seconds
    }

    /// Records the counter's value at `now` (seconds, monotonic) and returns the rate since the
    /// oldest sample still inside the window.
    @discardableResult
    mutating func sample(count: Int, now: Double) -> Double {
        samples.append((now, count))
        // Keep one sample at or beyond the window's start, so the span is always the full window
        // once enough time has passed.
        while samples.count > 2, now - samples[1].at >= seconds { samples.removeFirst() }
        return rate
    }

    /// The rate over the samples held; 0 until two samples span some time.
    var rate: Double {
        guard let first = samples.first, let last = samples.last, last.at > first.at else { return 0 }
        return Double(max(0, last.count - first.count)) / (last.at - first.at)
    }
}
