import Indicators
import MarketData
import MarketModel
import Signals
import XCTest
@testable import MarketState

/// The store is the one owner of each series: its bars, its indicator set and its rule states.
final class SeriesStoreTests: XCTestCase {
    let btc = Symbol("BTCUSDT")!
    let eth = Symbol("ETHUSDT")!
    let base: Int64 = 1_767_225_600_000

    /// A seeded random walk of 1m candles; every third bar also gets two forming updates first.
    func walk(_ symbol: Symbol, bars: Int, seed: UInt64) -> [Candle] {
        var random = SplitMix(seed: seed)
        var price = 100.0
        var out: [Candle] = []
        for i in 0..<bars {
            let open = price
            let steps = (0..<4).map { _ in Double(random.next() % 2001) / 1000 - 1.0 }
            var high = open, low = open
            for (k, step) in steps.enumerated() {
                price = max(1, price + step)
                high = max(high, price)
                low = min(low, price)
                if i % 3 == 0, k < 2 {
                    out.append(candle(symbol, i, open: open, high: high, low: low, close: price, closed: false))
                }
            }
            out.append(candle(symbol, i, open: open, high: high, low: low, close: price, closed: true))
        }
        return out
    }

    func candle(_ symbol: Symbol, _ i: Int, open: Double, high: Double, low: Double, close: Double, closed: Bool) -> Candle {
        let t = base + Int64(i) * 60_000
        return Candle(symbol: symbol, interval: .m1, openTime: t, closeTime: t + 59_999,
                      open: ExactDecimal(rounding: open, scale: 2), high: ExactDecimal(rounding: high, scale: 2),
                      low: ExactDecimal(rounding: low, scale: 2), close: ExactDecimal(rounding: close, scale: 2),
                      volume: ExactDecimal(rounding: 10 + Double(i % 7), scale: 3), isClosed: closed)
    }

    func specs(_ text: String) throws -> [IndicatorSpec] { try IndicatorSpec.parseList(text) }

    /// Feeds candles in batches of `size`, as socket reads would deliver them.
    func feed(_ store: SeriesStore, _ candles: [Candle], batch size: Int = 7, backfilled: Bool = false) {
        var i = 0
        while i < candles.count {
            store.receive(FeedBatch(candles[i..<min(i + size, candles.count)].map { .candle($0, backfilled: backfilled) }))
            i += size
        }
    }

    func testIndicatorsAreCommittedOncePerCloseAndPreviewedPerUpdate() throws {
        let display = try specs("ema(12),rsi(14),macd(12,26,9),bbands(20,2,2)")
        let store = SeriesStore(settings: .init(venue: "binance", capacity: 500, specs: display),
                                clock: { 0 })
        let candles = walk(btc, bars: 240, seed: 3)
        // Stop on a forming update, so the preview is of a real forming bar.
        let cut = candles.lastIndex { !$0.isClosed }!
        feed(store, Array(candles[...cut]))

        let closed = candles[...cut].filter(\.isClosed)
        var reference = IndicatorSet(specs: display)
        var perBar: [[Double]] = []
        for c in closed {
            reference.commit(Bar(c))
            perBar.append(reference.values)
        }
        let forming = candles[cut]
        let expectedPreview = reference.preview(Bar(forming))

        store.read { view in
            guard let series = view.state(symbol: btc, interval: .m1) else { return XCTFail("no series") }
            XCTAssertEqual(series.id.description, "binance:BTCUSDT 1m")
            XCTAssertEqual(series.bars.count, closed.count)
            XCTAssertEqual(series.indicators.barCount, closed.count, "one commit per closed bar")
            XCTAssertEqual(series.forming, forming)
            XCTAssertEqual(series.candles.count, closed.count + 1)
            for (k, column) in series.columns.enumerated() {
                let values = series.values(column: column)
                XCTAssertEqual(values.count, closed.count + 1, column)
                for (row, expected) in perBar.enumerated() {
                    XCTAssertTrue(same(values[row], expected[k]), "\(column) bar \(row): \(values[row]) vs \(expected[k])")
                }
                XCTAssertTrue(same(values.last!, expectedPreview[k]), "\(column) preview")
                XCTAssertTrue(same(series.currentValue(column: column), expectedPreview[k]))
            }
        }
    }

    func testTheRingKeepsCapacityBarsAndValuesStayAligned() throws {
        let store = SeriesStore(settings: .init(venue: "binance", capacity: 50, specs: try specs("sma(5)")), clock: { 0 })
        let candles = walk(btc, bars: 130, seed: 5).filter(\.isClosed)
        feed(store, candles)
        // A repeat of an old bar changes nothing.
        store.receive([.candle(candles[100], backfilled: false)])
        store.read { view in
            let series = view.state(symbol: btc, interval: .m1)!
            XCTAssertEqual(series.bars.count, 50)
            XCTAssertEqual(series.indicators.barCount, 130)
            XCTAssertEqual(series.bars.closedBars.first?.candle.openTime, candles[80].openTime)
            let sma = series.values(column: series.columns[0])
            XCTAssertEqual(sma.count, 50)
            let closes = candles.map(\.close.doubleValue)
            let expected = closes[125..<130].reduce(0, +) / 5
            XCTAssertEqual(sma.last!, expected, accuracy: 1e-9)
        }
    }

    func testRulesFireThroughTheStoreAsTheyDoOffTheLivePath() throws {
        let rules = SignalRule.defaults
        let store = SeriesStore(settings: .init(venue: "binance", capacity: 500, specs: try specs("ema(50)"), rules: rules),
                                clock: { 0 })
        final class Collector: SeriesConsumer, @unchecked Sendable {
            // Safe: the store calls consumers one at a time under its lock; the test reads after feeding.
            var signals: [Signal] = []
            var updates = 0
            var pairedWithTheirCandle = true
            func seriesChanged(_ batch: SeriesBatch, store: SeriesStoreView) {
                updates += batch.updates.count
                for i in batch.updates.indices {
                    let fired = batch.signals(of: i)
                    if case .candle(let c, _) = batch.updates[i] {
                        if fired.contains(where: { $0.symbol != c.symbol || $0.price != c.close }) { pairedWithTheirCandle = false }
                    } else if !fired.isEmpty {
                        pairedWithTheirCandle = false
                    }
                }
                signals.append(contentsOf: batch.signals)
            }
        }
        let collector = Collector()
        store.add(collector)
        let candles = walk(btc, bars: 400, seed: 11) + walk(eth, bars: 400, seed: 12)
        feed(store, candles, batch: 13)

        var aggregator = SignalAggregator(rules: rules)
        var expected: [Signal] = []
        for c in candles { aggregator.update(c, eventTime: 0, into: &expected) }
        XCTAssertGreaterThan(expected.count, 5, "the walk should trigger the default rules")
        XCTAssertEqual(collector.signals.count, expected.count)
        XCTAssertEqual(collector.signals.map(describe), expected.map(describe))
        XCTAssertEqual(collector.updates, candles.count)
        XCTAssertTrue(collector.pairedWithTheirCandle, "each signal sits with the candle that fired it")
        let levels = store.consensus(for: [btc, eth], nowMs: expected.last!.time)
        XCTAssertEqual(levels.count, 2)
    }

    func testOldBackfilledBarsWarmTheRulesUpWithoutFiring() {
        let rules = SignalRule.defaults
        let candles = walk(btc, bars: 400, seed: 11).filter(\.isClosed)
        let now = candles.last!.closeTime + 1
        let quiet = SeriesStore(settings: .init(venue: "binance", rules: rules), clock: { now + 3_600_000 })
        let live = SeriesStore(settings: .init(venue: "binance", rules: rules), clock: { now })
        final class Count: SeriesConsumer, @unchecked Sendable {
            // Safe: written under the store's lock, read after feeding.
            var n = 0
            func seriesChanged(_ batch: SeriesBatch, store: SeriesStoreView) { n += batch.signals.count }
        }
        let q = Count(), l = Count()
        quiet.add(q)
        live.add(l)
        feed(quiet, candles, backfilled: true)
        feed(live, candles, backfilled: true)
        XCTAssertEqual(q.n, 0, "history an hour old only warms the rules up")
        XCTAssertGreaterThan(l.n, 0, "bars backfilled within two intervals of now still fire")
        let lastFew = live.read { $0.state(symbol: btc, interval: .m1)!.rules.heldByCooldown }
        XCTAssertGreaterThanOrEqual(lastFew, 0)
    }

    func testNewIndicatorsAreRecomputedFromTheBarsKeptAndRuleSlotsStay() throws {
        let rules = SignalRule.defaults
        let store = SeriesStore(settings: .init(venue: "binance", capacity: 100, specs: try specs("sma(10)"), rules: rules),
                                clock: { 0 })
        let candles = walk(btc, bars: 150, seed: 21)
        feed(store, candles)
        let ruleColumns = IndicatorSet(specs: SeriesRules.requiredIndicators(rules)).columns
        let before = store.read { $0.state(symbol: btc, interval: .m1)!.columns }
        XCTAssertEqual(Array(before.prefix(ruleColumns.count)), ruleColumns, "the rules' indicators come first")
        store.setSpecs(try specs("wma(7),sma(10)"))
        store.read { view in
            let series = view.state(symbol: btc, interval: .m1)!
            XCTAssertEqual(Array(series.columns.prefix(ruleColumns.count)), ruleColumns)
            XCTAssertEqual(series.columns.count, ruleColumns.count + 2)
            let kept = series.bars.closedBars.map { Bar($0.candle) }
            let reference = IndicatorSet(specs: try! specs("wma(7)"), history: kept)
            let wma = series.values(column: reference.columns[0])
            XCTAssertEqual(wma.count, series.candles.count)
            XCTAssertTrue(same(wma[kept.count - 1], reference.values[0]))
        }
    }

    func describe(_ s: Signal) -> String {
        "\(s.time) \(s.symbol) \(s.rule) \(s.direction) \(s.strength) \(s.price) \(s.reason)"
    }

    func same(_ a: Double, _ b: Double) -> Bool { (a.isNaN && b.isNaN) || a == b }
}
