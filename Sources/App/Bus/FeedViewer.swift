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
    private let followers = Locked<[BusFollower]>([])
    private let subscriptions = Locked<[BusSubscription]>([])
    private let startedAtMs = wallClockMilliseconds()

    init(connection: BusConnection, venue: String, sink: any FeedSink, onSignal: LineHandler?, onHealth: LineHandler?) {
        self.connection = connection
        self.venue = venue
        self.sink = sink
        self.onSignal = onSignal
        self.onHealth = onHealth
    }

    /// Subscribes to every series; a missing feed or a refused subject is one sentence.
    func start(symbols: [Symbol], intervals: [Interval]) throws {
        do {
            for symbol in symbols {
                for interval in intervals {
                    try follow(symbol: symbol, interval: interval)
                }
                if let onSignal {
                    let follower = BusFollower(connection: connection, stream: FeedSubjects.signalStream,
                                               subject: FeedSubjects.signals(venue: venue, symbol: symbol), start: .new) { message in
                        onSignal(message.payload)
                    }
                    try follower.begin()
                    followers.withLock { $0.append(follower) }
                }
            }
            if let onHealth {
                let sub = try connection.subscribe(FeedSubjects.health) { onHealth($0.payload) }
                subscriptions.withLock { $0.append(sub) }
            }
        } catch let error as BusError {
            stop()
            throw UserError(error.description)
        }
    }

    private func follow(symbol: Symbol, interval: Interval) throws {
        let key = FeedSubjects.closed(venue: venue, symbol: symbol, interval: interval)
        let follower = BusFollower(connection: connection, stream: FeedSubjects.klineStream, subject: key, start: .all) {
            [weak self] message in
            guard let self, let (candle, backfilled) = JSONLine.parseCandle(message.payload), candle.isClosed else { return }
            // A bar the stream kept before this viewer came is history, whatever it was at the feed.
            self.deliver(candle, backfilled: backfilled || message.storedAtMs < self.startedAtMs, key: key)
        }
        try follower.begin()
        followers.withLock { $0.append(follower) }
        let forming = try connection.subscribe(FeedSubjects.forming(venue: venue, symbol: symbol, interval: interval)) {
            [weak self] message in
            guard let self, let (candle, _) = JSONLine.parseCandle(message.payload), !candle.isClosed else { return }
            self.deliver(candle, backfilled: false, key: key)
        }
        subscriptions.withLock { $0.append(forming) }
    }

    private func deliver(_ candle: Candle, backfilled: Bool, key: String) {
        lastClosed.withLock { last in
            if let seen = last[key], candle.openTime <= seen { return }
            if candle.isClosed { last[key] = candle.openTime }
            sink.receive([.candle(candle, backfilled: backfilled)])
        }
    }

    func stop() {
        for follower in followers.withLock({ $0 }) { follower.stop() }
        for sub in subscriptions.withLock({ $0 }) { sub.cancel() }
    }
}
