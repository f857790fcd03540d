import MarketModel

/// The feed's side of every candle series (where each stands, what a backfill is holding) and
/// the way out to the consumer. Event-loop threads hand it whole socket reads; backfills hand
/// it REST pages; both under one lock, so the consumer sees one ordered sequence.
final class FeedState: Sendable {
    struct SeriesKey: Hashable, Sendable {
        let symbol: Symbol
        let interval: Interval
    }

    private struct Inner {
        var cursors: [SeriesKey: SeriesCursor] = [:]
        /// The last series looked up and where it sits: frames of one stream come in runs, so
        /// most lookups are this one and need no hashing. Reset whenever `cursors` gains or
        /// loses a key (which moves indices).
        var last: (key: SeriesKey, index: Dictionary<SeriesKey, SeriesCursor>.Index)?

        mutating func index(of key: SeriesKey) -> Dictionary<SeriesKey, SeriesCursor>.Index? {
            if let last, last.key.interval == key.interval, last.key.symbol == key.symbol { return last.index }
            guard let index = cursors.index(forKey: key) else { return nil }
            last = (key, index)
            return index
        }
        var out = FeedBatch()
        /// Series whose gap a backfill must close; collected under the lock, started outside it.
        var gaps: [SeriesKey] = []
        var unknownEvents = 0
    }

    private let inner = Locked(Inner())
    private let sink: (any FeedSink)?
    private let continuation: AsyncStream<StreamUpdate>.Continuation
    /// Starts a backfill for a series (set by the manager before any connection opens).
    private let gapHandler = Locked<(@Sendable (SeriesKey) -> Void)?>(nil)

    init(sink: (any FeedSink)?, continuation: AsyncStream<StreamUpdate>.Continuation) {
        self.sink = sink
        self.continuation = continuation
        inner.withLock { $0.out.reserveCapacity(256) }
    }

    func onGap(_ handler: @escaping @Sendable (SeriesKey) -> Void) {
        gapHandler.withLock { $0 = handler }
    }

    // MARK: - Series

    /// Starts following a series; false when it was followed already.
    func watch(_ key: SeriesKey) -> Bool {
        inner.withLock { state in
            guard state.cursors[key] == nil else { return false }
            state.cursors[key] = SeriesCursor(interval: key.interval)
            state.last = nil
            return true
        }
    }

    func unwatch(_ key: SeriesKey) {
        inner.withLock { state in
            state.cursors.removeValue(forKey: key)
            state.last = nil
        }
    }

    var backfillingCount: Int { inner.withLock { $0.cursors.values.filter(\.backfilling).count } }

    var unknownEvents: Int { inner.withLock { $0.unknownEvents } }

    func countUnknown() { inner.withLock { $0.unknownEvents += 1 } }

    // MARK: - Live

    /// All market events of one socket read, in order. The batch is filtered where it is (a
    /// repeat, a stale update or a close held for a backfill leaves it) and handed on as it is:
    /// its candles are never copied into another batch.
    func deliver(_ events: inout FeedBatch) {
        let gaps = inner.withLock { state -> [SeriesKey] in
            events.storedCandles.withUnsafeBufferPointer { candles in
                var kept = 0
                for i in events.entries.indices {
                    let entry = events.entries[i]
                    if case .candle(let c, _) = entry, !Self.live(candles.baseAddress! + c, &state) { continue }
                    events.entries[kept] = entry
                    kept += 1
                }
                events.entries.removeLast(events.entries.count - kept)
            }
            if state.out.isEmpty {
                hand(events)
            } else {
                // Nothing is published between reads today (every publish flushes), but keep order if it were.
                for i in events.indices { state.out.append(from: events, at: i) }
                flush(&state)
            }
            return takeGaps(&state)
        }
        startBackfills(gaps)
    }

    /// Anything else the consumer should see in order with the market (health, book events).
    func publish(_ update: StreamUpdate) {
        inner.withLock { state in
            state.out.append(update)
            flush(&state)
        }
    }

    /// Whether a live candle goes out as it is; holds a close for a running backfill and notes gaps.
    private static func live(_ candle: UnsafePointer<Candle>, _ state: inout Inner) -> Bool {
        let key = SeriesKey(symbol: candle.pointee.symbol, interval: candle.pointee.interval)
        guard let i = state.index(of: key) else { return true }
        // Mutated in place through the dictionary's index: no copy of the cursor's pending list.
        if state.cursors.values[i].backfilling {
            if candle.pointee.isClosed {
                state.cursors.values[i].pendingCloses.append(candle.pointee)
                return false
            }
            return state.cursors.values[i].form(openTime: candle.pointee.openTime) == .formingUpdated
        }
        if candle.pointee.isClosed {
            switch state.cursors.values[i].close(openTime: candle.pointee.openTime) {
            case .appended:
                return true
            case .gap:
                state.cursors.values[i].pendingCloses.append(candle.pointee)
                state.gaps.append(key)
                return false
            default:
                return false
            }
        }
        if let expected = state.cursors.values[i].nextExpectedOpenTime, candle.pointee.openTime > expected {
            // The close of at least one bar never arrived (lost or malformed frame): fetch it.
            _ = state.cursors.values[i].form(openTime: candle.pointee.openTime)
            state.gaps.append(key)
            return true
        }
        return state.cursors.values[i].form(openTime: candle.pointee.openTime) == .formingUpdated
    }

    private func flush(_ state: inout Inner) {
        guard !state.out.isEmpty else { return }
        hand(state.out)
        state.out.removeAll(keepingCapacity: true)
    }

    private func hand(_ batch: FeedBatch) {
        guard !batch.isEmpty else { return }
        if let sink {
            sink.receive(batch)
        } else {
            for update in batch { continuation.yield(update) }
        }
    }

    private func takeGaps(_ state: inout Inner) -> [SeriesKey] {
        guard !state.gaps.isEmpty else { return [] }
        defer { state.gaps.removeAll() }
        return state.gaps
    }

    private func startBackfills(_ keys: [SeriesKey]) {
        guard !keys.isEmpty, let handler = gapHandler.withLock({ $0 }) else { return }
        var seen = Set<SeriesKey>()
        for key in keys where seen.insert(key).inserted { handler(key) }
    }

    // MARK: - Backfill

    enum BackfillStart { case started, alreadyRunning, notWatched }

    /// Marks a backfill as running; one that is running already is asked to go round again.
    func beginBackfill(_ key: SeriesKey) -> BackfillStart {
        inner.withLock { state in
            guard state.cursors[key] != nil else { return .notWatched }
            if state.cursors[key]!.backfilling {
                state.cursors[key]!.backfillRequested = true
                return .alreadyRunning
            }
            state.cursors[key]!.backfilling = true
            return .started
        }
    }

    /// Clears the "go round again" flag at the start of a round; nil when the series is gone.
    func startRound(_ key: SeriesKey) -> Bool {
        inner.withLock { state in
            guard state.cursors[key] != nil else { return false }
            state.cursors[key]!.backfillRequested = false
            return true
        }
    }

    /// Where the next page starts (nil: the series has no closed bar yet); `.none` when unwatched.
    func nextExpectedOpenTime(_ key: SeriesKey) -> Int64?? {
        inner.withLock { state in
            guard let cursor = state.cursors[key] else { return .none }
            return .some(cursor.nextExpectedOpenTime)
        }
    }

    /// Folds a REST page in: bars closed by `serverNow` commit, a later one is the forming bar.
    /// Returns how many bars committed, or nil when the series is no longer watched.
    func applyPage(_ page: [Candle], key: SeriesKey, serverNow: Int64) -> Int? {
        inner.withLock { state in
            guard state.cursors[key] != nil else { return nil }
            var committed = 0
            for candle in page {
                if candle.closeTime < serverNow {
                    if state.cursors[key]!.close(openTime: candle.openTime, acceptingHole: true) == .appended {
                        committed += 1
                        var closed = candle
                        closed.isClosed = true
                        state.out.append(candle: closed, backfilled: true)
                    }
                } else if state.cursors[key]!.form(openTime: candle.openTime) == .formingUpdated {
                    // Still forming by `serverNow`, whatever the venue's own flag says (its clock moved
                    // on between the two calls): only a commit above may reach the consumer as closed.
                    var forming = candle
                    forming.isClosed = false
                    state.out.append(candle: forming, backfilled: true)
                }
            }
            flush(&state)
            return committed
        }
    }

    /// Applies the live closes held during a backfill in open-time order; one that still
    /// leaves a hole asks for another round instead of being dropped.
    func drainPending(_ key: SeriesKey) {
        inner.withLock { state in
            guard var cursor = state.cursors[key] else { return }
            state.cursors[key] = nil
            state.last = nil
            cursor.pendingCloses.sort { $0.openTime < $1.openTime }
            var remaining: [Candle] = []
            for candle in cursor.pendingCloses {
                if !remaining.isEmpty {
                    remaining.append(candle)
                    continue
                }
                switch cursor.close(openTime: candle.openTime) {
                case .appended:
                    state.out.append(candle: candle)
                case .gap:
                    remaining.append(candle)
                    cursor.backfillRequested = true
                default:
                    break
                }
            }
            cursor.pendingCloses = remaining
            state.cursors[key] = cursor
            flush(&state)
        }
    }

    /// Ends a round: true when another one was asked for meanwhile.
    func finishRound(_ key: SeriesKey, goAgain running: Bool) -> Bool {
        inner.withLock { state in
            guard state.cursors[key] != nil else { return false }
            if state.cursors[key]!.backfillRequested && running { return true }
            state.cursors[key]!.backfilling = false
            return false
        }
    }

    func finish() { continuation.finish() }
}
