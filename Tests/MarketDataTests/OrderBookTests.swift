import MarketModel
import Testing
@testable import MarketData

private func level(_ price: String, _ quantity: String) -> PriceLevel {
    PriceLevel(price: ExactDecimal(price)!, quantity: ExactDecimal(quantity)!)
}

private func update(_ first: Int64, _ final: Int64, bids: [PriceLevel] = [], asks: [PriceLevel] = []) -> DepthUpdate {
    DepthUpdate(symbol: Symbol("TESTUSDT")!, eventTime: 0, firstUpdateId: first, finalUpdateId: final,
                bids: bids, asks: asks)
}

@Suite("OrderBook sync on the real NKNUSDT capture")
struct OrderBookFixtureTests {
    @Test func snapshotAndDiffsSyncWithoutGapsAndMatchBookTicker() throws {
        let fixtures = try OrderBookFixtures.loadDepthSync()
        try #require(fixtures.diffs.count == 150)
        var book = OrderBook()

        // The stream is opened first: diffs buffer until the snapshot arrives.
        let firstResult = book.apply(fixtures.diffs[0])
        #expect(firstResult == .buffered)
        #expect(book.bestBid == nil)

        // Snapshot: the buffered diff pre-dates it (u <= lastUpdateId) and is dropped.
        #expect(fixtures.diffs[0].finalUpdateId <= fixtures.snapshot.lastUpdateId)
        #expect(book.applySnapshot(fixtures.snapshot) == .applied)
        #expect(book.lastUpdateId == fixtures.snapshot.lastUpdateId)
        #expect(book.bufferedCount == 0)

        let tickers = Dictionary(fixtures.bookTickers.map { ($0.updateId, $0) }, uniquingKeysWith: { a, _ in a })
        var compared = 0
        for diff in fixtures.diffs.dropFirst() {
            let result = book.apply(diff)
            #expect(result == .applied, "diff U=\(diff.firstUpdateId) u=\(diff.finalUpdateId)")
            guard result == .applied else { return }
            if let ticker = tickers[diff.finalUpdateId] {
                #expect(book.bestBid?.price == ticker.bidPrice, "best bid at u=\(diff.finalUpdateId)")
                #expect(book.bestAsk?.price == ticker.askPrice, "best ask at u=\(diff.finalUpdateId)")
                compared += 1
            }
        }
        // The capture has bookTicker lines sharing a diff's final id; they must all have been checked.
        #expect(compared == 19)
        #expect(book.lastUpdateId == fixtures.diffs.last?.finalUpdateId)

        // The final book against the bookTicker closest in update id, when it is an exact match.
        let final = try #require(book.lastUpdateId)
        let closest = try #require(fixtures.bookTickers.min { abs($0.updateId - final) < abs($1.updateId - final) })
        if closest.updateId == final {
            #expect(book.bestBid?.price == closest.bidPrice)
            #expect(book.bestAsk?.price == closest.askPrice)
        }

        let bestBid = try #require(book.bestBid), bestAsk = try #require(book.bestAsk)
        #expect(bestBid.price < bestAsk.price)
        let bids = book.bids(depth: 1_000), asks = book.asks(depth: 1_000)
        #expect(zip(bids, bids.dropFirst()).allSatisfy { $0.price > $1.price })
        #expect(zip(asks, asks.dropFirst()).allSatisfy { $0.price < $1.price })
        #expect(bids.allSatisfy { !$0.quantity.isZero } && asks.allSatisfy { !$0.quantity.isZero })
    }

    @Test func skippedDiffIsReportedAsGap() throws {
        let fixtures = try OrderBookFixtures.loadDepthSync()
        var book = OrderBook()
        #expect(book.applySnapshot(fixtures.snapshot) == .applied)
        let live = Array(fixtures.diffs.dropFirst())
        for diff in live.prefix(10) { #expect(book.apply(diff) == .applied) }
        // Skip live[10].
        let afterSkip = live[11]
        #expect(book.apply(afterSkip) == .gap(expected: live[10].firstUpdateId, received: afterSkip.firstUpdateId))
        #expect(book.isSynced == false)
        #expect(book.bestBid == nil && book.bestAsk == nil)
        // Until the caller resyncs, everything is buffered.
        #expect(book.apply(live[12]) == .buffered)
        #expect(book.bufferedCount == 2)
    }

    @Test func buffersReplayOnTopOfSnapshotWhenStreamStartedFirst() throws {
        let fixtures = try OrderBookFixtures.loadDepthSync()
        var buffered = OrderBook()
        for diff in fixtures.diffs.prefix(40) { #expect(buffered.apply(diff) == .buffered) }
        #expect(buffered.applySnapshot(fixtures.snapshot) == .applied)
        for diff in fixtures.diffs.dropFirst(40) { #expect(buffered.apply(diff) == .applied) }

        var direct = OrderBook()
        _ = direct.applySnapshot(fixtures.snapshot)
        for diff in fixtures.diffs { _ = direct.apply(diff) }
        #expect(buffered.bids(depth: 5_000) == direct.bids(depth: 5_000))
        #expect(buffered.asks(depth: 5_000) == direct.asks(depth: 5_000))
    }
}

@Suite("OrderBook sequencing rules")
struct OrderBookRuleTests {
    let snapshot = DepthSnapshot(lastUpdateId: 100,
                                 bids: [level("9.98", "2"), level("10.00", "1"), level("9.99", "3")],
                                 asks: [level("10.02", "1"), level("10.01", "4"), level("10.03", "0")])

    @Test func snapshotIsSortedBestFirstWithoutEmptyLevels() {
        var book = OrderBook()
        #expect(book.applySnapshot(snapshot) == .applied)
        #expect(book.bids(depth: 10).map(\.price.description) == ["10.00", "9.99", "9.98"])
        #expect(book.asks(depth: 10).map(\.price.description) == ["10.01", "10.02"])
        #expect(book.bids(depth: 2).count == 2)
        #expect(book.bestBid == level("10.00", "1"))
        #expect(book.bestAsk == level("10.01", "4"))
    }

    @Test func firstDiffMustStraddleSnapshotThenFollowContiguously() {
        var book = OrderBook()
        _ = book.applySnapshot(snapshot)
        #expect(book.apply(update(95, 100)) == .ignoredStale)
        // U <= 101 <= u: the overlap rule for the first applied diff.
        #expect(book.apply(update(98, 103, bids: [level("10.00", "0")], asks: [level("10.005", "7")])) == .applied)
        #expect(book.bestBid == level("9.99", "3"))
        #expect(book.bestAsk == level("10.005", "7"))
        #expect(book.apply(update(104, 104, bids: [level("9.995", "1"), level("9.98", "5")])) == .applied)
        #expect(book.bids(depth: 3) == [level("9.995", "1"), level("9.99", "3"), level("9.98", "5")])
        // After the first, an overlapping diff no longer fits: only U == previous u + 1 does.
        #expect(book.apply(update(104, 106)) == .gap(expected: 105, received: 104))
    }

    @Test func snapshotOlderThanBufferedDiffsIsAGap() {
        var book = OrderBook()
        #expect(book.apply(update(150, 160)) == .buffered)
        #expect(book.apply(update(161, 170)) == .buffered)
        #expect(book.applySnapshot(snapshot) == .gap(expected: 101, received: 150))
        #expect(book.isSynced == false)
        #expect(book.bufferedCount == 2)
        // A fresh snapshot that covers the buffer syncs.
        let newer = DepthSnapshot(lastUpdateId: 155, bids: snapshot.bids, asks: snapshot.asks)
        #expect(book.applySnapshot(newer) == .applied)
        #expect(book.lastUpdateId == 170)
    }

    @Test func liveGapAfterSnapshotWithEmptyBuffer() {
        var book = OrderBook()
        _ = book.applySnapshot(snapshot)
        #expect(book.apply(update(103, 105)) == .gap(expected: 101, received: 103))
    }

    @Test func bufferIsBoundedAndOverflowShowsAsGap() {
        var book = OrderBook(maxBufferedUpdates: 3)
        for i in Int64(0)..<5 { _ = book.apply(update(101 + i * 10, 110 + i * 10)) }
        #expect(book.bufferedCount == 3)
        // The diffs that connected to the snapshot were dropped, so the snapshot cannot sync.
        #expect(book.applySnapshot(snapshot) == .gap(expected: 101, received: 121))
    }
}
