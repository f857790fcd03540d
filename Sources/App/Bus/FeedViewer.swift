import Bus
import Foundation
import MarketData
import MarketModel

/// A viewer's side of the feed: no exchange connection, only the bus. Each series' closed bars
/// come from JetStream (all that is kept, then live, from one ordered consumer that resumes after
/// a NATS restart); forming bars from core NATS. The seam is the last open time per series:
/// anything at or before it is a bar already shown and is ignored, so nothing is doubled or lost
/// between the backfill, the live tail and a resubscription.
final class FeedViewer: Sendable {
    typealias LineHandler = @Sendable ([UInt8]) -> Void

    private let connection: BusConnection
    private let venue: String
    private let sink: any FeedSink
    private let onSignal: LineHandler?
    private let onHealth: LineHandler?
    /// The last closed open time per series; held while a batch goes to the sink, so the sink
    /// sees one ordered sequence per series whichever client thread delivered it.
    private let lastClosed = Locked<[String: Int64]>([:])
    /// Per series subject: its closed-bar follower and its forming-bar subscription.
    private let series = Locked<[String: (BusFollower, BusSubscription)]>([:])
    private let signalFollowers = Locked<[Symbol: BusFollower]>([:])
    private let tickers = Locked<[Symbol: BusSubscription]>([:])
    private let healthFollower = Locked<BusFollower?>(nil)
    private let startedAtMs = wallClockMilliseconds()

    init(connection: BusConnection, venue: String, sink: any FeedSink, onSignal: LineHandler?, onHealth: LineHandler?) {
        self.connection = connection
        self.venue = venue
        self.sink = sink
        self.onSignal = onSignal
        self.onHealth = onHealth
    }

    /// Subscribes to every series and the feed's health; a missing feed or a refused subject
    /// is one sentence.
    func start(symbols: [Symbol], intervals: [Interval]) throws {
        do {
            for symbol in symbols {
                for interval in intervals { try follow(symbol: symbol, interval: interval) }
            }
            try followHealth()
        } catch let error as BusError {
            stop()
            throw UserError(error.description)
        }
    }

    /// The feed's last health line at once, then every new one.
    func followHealth() throws {
        guard let onHealth, healthFollower.withLock({ $0 == nil }) else { return }
        let health = BusFollower(connection: connection, stream: FeedSubjects.healthStream, subject: FeedSubjects.health,
                                 start: .last) { onHealth($0.payload) }
        try health.begin()
        healthFollower.withLock { $0 = health }
    }

    /// The symbols and intervals the feed serves: as it announced them, else as the stream's
    /// subjects show them.
    static func published(on connection: BusConnection, venue: String) throws -> (symbols: [Symbol], intervals: [Interval]) {
        if let line = try connection.lastMessage(stream: FeedSubjects.healthStream, subject: FeedSubjects.description)?.payload,
           let o = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any], o["venue"] as? String == venue {
            let symbols = (o["symbols"] as? [String] ?? []).compactMap { Symbol($0) }
            let intervals = (o["intervals"] as? [String] ?? []).compactMap { Interval(rawValue: $0) }
            if !symbols.isEmpty, !intervals.isEmpty { return (symbols, intervals) }
        }
        let subjects = try connection.subjects(stream: FeedSubjects.klineStream, filter: "thebot.\(venue).*.kline.*")
        var symbols: Set<Symbol> = []
        var intervals: Set<Interval> = []
        for subject in subjects.keys {
            let parts = subject.split(separator: ".")
            guard parts.count == 5, let symbol = Symbol(String(parts[2])), let interval = Interval(rawValue: String(parts[4])) else { continue }
            symbols.insert(symbol)
            intervals.insert(interval)
        }
        return (symbols.sorted { $0.name < $1.name }, Interval.allCases.filter(intervals.contains))
    }

    /// Follows one series (and its symbol's signals); nothing when it is followed already.
    func follow(symbol: Symbol, interval: Interval) throws {
        let key = FeedSubjects.closed(venue: venue, symbol: symbol, interval: interval)
        guard series.withLock({ $0[key] == nil }) else { return }
        let follower = BusFollower(connection: connection, stream: FeedSubjects.klineStream, subject: key, start: .all) {
            [weak self] message in
            guard let self, let (candle, backfilled) = JSONLine.parseCandle(message.payload), candle.isClosed else { return }
            // A bar the stream kept before this viewer came is history, whatever it was at the feed.
            self.deliver(candle, backfilled: backfilled || message.storedAtMs < self.startedAtMs, key: key)
        }
        try follower.begin()
        let forming = try connection.subscribe(FeedSubjects.forming(venue: venue, symbol: symbol, interval: interval)) {
            [weak self] message in
            guard let self, let (candle, _) = JSONLine.parseCandle(message.payload), !candle.isClosed else { return }
            self.deliver(candle, backfilled: false, key: key)
        }
        series.withLock { $0[key] = (follower, forming) }
        if tickers.withLock({ $0[symbol] == nil }) {
            let sub = try connection.subscribe(FeedSubjects.ticker(venue: venue, symbol: symbol)) { [weak self] message in
                guard let self, let ticker = JSONLine.parseTicker(message.payload) else { return }
                // Under the same lock as the bars, so the sink sees one sequence at a time.
                self.lastClosed.withLock { _ in self.sink.receive([.event(.ticker(ticker))]) }
            }
            tickers.withLock { $0[symbol] = sub }
        }
        if let onSignal, signalFollowers.withLock({ $0[symbol] == nil }) {
            let signals = BusFollower(connection: connection, stream: FeedSubjects.signalStream,
                                      subject: FeedSubjects.signals(venue: venue, symbol: symbol), start: .new) { message in
                onSignal(message.payload)
            }
            try signals.begin()
            signalFollowers.withLock { $0[symbol] = signals }
        }
    }

    /// Stops following one series; following it again backfills it again.
    func unfollow(symbol: Symbol, interval: Interval) {
        let key = FeedSubjects.closed(venue: venue, symbol: symbol, interval: interval)
        guard let (follower, forming) = series.withLock({ $0.removeValue(forKey: key) }) else { return }
        follower.stop()
        forming.cancel()
        lastClosed.withLock { $0[key] = nil }
    }

    private func deliver(_ candle: Candle, backfilled: Bool, key: String) {
        lastClosed.withLock { last in
            if let seen = last[key], candle.openTime <= seen { return }
            if candle.isClosed { last[key] = candle.openTime }
            sink.receive([.candle(candle, backfilled: backfilled)])
        }
    }

    func stop() {
        for (follower, forming) in series.withLock({ $0.values }) {
            follower.stop()
            forming.cancel()
        }
        for follower in signalFollowers.withLock({ $0.values }) { follower.stop() }
        for sub in tickers.withLock({ $0.values }) { sub.cancel() }
        healthFollower.withLock { $0 }?.stop()
    }
}
