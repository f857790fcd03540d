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

    /// What a viewer takes from the feed besides candles, per symbol.
    struct Extras: OptionSet, Sendable {
        let rawValue: Int
        static let tickers = Extras(rawValue: 1)
        static let trades = Extras(rawValue: 2)
        static let bookTops = Extras(rawValue: 4)
    }

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
    private let extras: Extras
    /// Per symbol: its ticker, trade and book-top subscriptions (as `extras` asks).
    private let symbolSubscriptions = Locked<[Symbol: [BusSubscription]]>([:])
    /// Trades followed for the monitor's tape, apart from `extras`.
    private let tapes = Locked<[Symbol: BusSubscription]>([:])
    private let healthFollower = Locked<BusFollower?>(nil)
    private let startedAtMs = wallClockMilliseconds()

    init(connection: BusConnection, venue: String, sink: any FeedSink, extras: Extras = .tickers,
         onSignal: LineHandler?, onHealth: LineHandler?) {
        self.connection = connection
        self.venue = venue
        self.sink = sink
        self.extras = extras
        self.onSignal = onSignal
        self.onHealth = onHealth
    }

    /// Subscribes to every series and the feed's health; a missing feed or a refused subject
    /// is one sentence.
    func start(symbols: [Symbol], intervals: [Interval], candles: Bool = true) throws {
        do {
            for symbol in symbols {
                if candles {
                    for interval in intervals { try follow(symbol: symbol, interval: interval) }
                } else {
                    try followExtras(symbol)
                }
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
        try followExtras(symbol)
        if let onSignal, signalFollowers.withLock({ $0[symbol] == nil }) {
            let signals = BusFollower(connection: connection, stream: FeedSubjects.signalStream,
                                      subject: FeedSubjects.signals(venue: venue, symbol: symbol), start: .new) { message in
                onSignal(message.payload)
            }
            try signals.begin()
            signalFollowers.withLock { $0[symbol] = signals }
        }
    }

    /// The symbol's tickers, trades and book tops, as `extras` asks; once per symbol.
    private func followExtras(_ symbol: Symbol) throws {
        guard !extras.isEmpty, symbolSubscriptions.withLock({ $0[symbol] == nil }) else { return }
        var subscriptions: [BusSubscription] = []
        if extras.contains(.tickers) {
            subscriptions.append(try live(FeedSubjects.ticker(venue: venue, symbol: symbol)) {
                JSONLine.parseTicker($0).map(MarketEvent.ticker)
            })
        }
        if extras.contains(.trades) { subscriptions.append(try trades(symbol)) }
        if extras.contains(.bookTops) {
            subscriptions.append(try live(FeedSubjects.bookTop(venue: venue, symbol: symbol)) {
                JSONLine.parseBookTop($0).map(MarketEvent.bookTop)
            })
        }
        symbolSubscriptions.withLock { $0[symbol] = subscriptions }
    }

    /// Trades of a symbol for the monitor's tape, whatever `extras` says.
    func followTrades(_ symbol: Symbol) throws {
        guard tapes.withLock({ $0[symbol] == nil }) else { return }
        let subscription = try trades(symbol)
        tapes.withLock { $0[symbol] = subscription }
    }

    func unfollowTrades(_ symbol: Symbol) {
        tapes.withLock { $0.removeValue(forKey: symbol) }?.cancel()
    }

    private func trades(_ symbol: Symbol) throws -> BusSubscription {
        try live(FeedSubjects.trades(venue: venue, symbol: symbol)) { JSONLine.parseTrade($0).map(MarketEvent.trade) }
    }

    /// A core-NATS subject whose lines become market events; a line that does not read as its
    /// event is dropped.
    private func live(_ subject: String, _ event: @escaping @Sendable ([UInt8]) -> MarketEvent?) throws -> BusSubscription {
        try connection.subscribe(subject) { [weak self] message in
            guard let self, let event = event(message.payload) else { return }
            // Under the same lock as the bars, so the sink sees one sequence at a time.
            self.lastClosed.withLock { _ in self.sink.receive([.event(event)]) }
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
        for sub in symbolSubscriptions.withLock({ $0.values }).joined() { sub.cancel() }
        for sub in tapes.withLock({ $0.values }) { sub.cancel() }
        healthFollower.withLock { $0 }?.stop()
    }
}
