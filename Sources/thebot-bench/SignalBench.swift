import Foundation
import MarketModel
import Signals

/// Latency from "kline update received" to "signals emitted" through `SignalAggregator`, over
/// a long synthetic random walk: 20 symbols on 1m, four forming updates per closed bar, the
/// default rules plus an intrabar level rule and a user expression. Also the store's
/// throughput for a 10k-signal burst through `SignalRecorder`.
enum SignalBench {
    static func run() -> [String] {
        var lines = aggregatorLatency()
        lines += storeBurst()
        return lines
    }

    private static func aggregatorLatency() -> [String] {
        var rules = SignalRule.defaults
        if let level = try? SignalRule(name: "level", kind: .priceLevel(ExactDecimal("100")!), evaluation: .intrabar),
           let user = try? SignalRule.expression(name: "dip", "rsi(14) < 35 and close > ema(50)", direction: .bullish) {
            rules += [level, user]
        }
        var aggregator = SignalAggregator(rules: rules)
        let symbols = (0..<20).compactMap { Symbol("SYM\($0)USDT") }
        var prices = Array(repeating: 100.0, count: symbols.count)
        var random = SplitMix(seed: 42)
        let bars = 5_000
        let formingPerBar = 4
        var all: [UInt64] = []
        var firing: [UInt64] = []
        all.reserveCapacity(symbols.count * bars * (formingPerBar + 1))
        var out: [Signal] = []
        out.reserveCapacity(64)
        var emitted = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for bar in 0..<bars {
            let openTime = Int64(bar) * 60_000
            for (s, symbol) in symbols.enumerated() {
                let open = prices[s]
                var high = open, low = open, close = open
                var volume = 0.0
                for step in 0...formingPerBar {
                    close *= 1 + (random.unit() - 0.5) * 0.004
                    high = max(high, close)
                    low = min(low, close)
                    volume += 10 + random.unit() * (random.unit() < 0.02 ? 400 : 20)
                    let candle = Candle(symbol: symbol, interval: .m1, openTime: openTime, closeTime: openTime + 59_999,
                                        open: ExactDecimal(rounding: open, scale: 4), high: ExactDecimal(rounding: high, scale: 4),
                                        low: ExactDecimal(rounding: low, scale: 4), close: ExactDecimal(rounding: close, scale: 4),
                                        volume: ExactDecimal(rounding: volume, scale: 4), isClosed: step == formingPerBar)
                    out.removeAll(keepingCapacity: true)
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    aggregator.update(candle, into: &out)
                    let dt = DispatchTime.now().uptimeNanoseconds - t0
                    all.append(dt)
                    if !out.isEmpty {
                        firing.append(dt)
                        emitted += out.count
                    }
                }
                prices[s] = close
            }
        }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return [
            "signals: \(all.count) kline updates (\(symbols.count) symbols x \(bars) bars x \(formingPerBar + 1)), \(rules.count) rules, \(emitted) signals in \(fmt(total)) s (\(Int(Double(all.count) / total)) updates/s)",
            "signals: update -> signals, every update: \(percentiles(&all))",
            "signals: update -> signals, updates that fired: \(percentiles(&firing))",
        ]
    }

    private static func storeBurst() -> [String] {
        let path = NSTemporaryDirectory() + "thebot-bench-signals-\(UUID().uuidString).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        guard let store = try? SignalStore(path: path),
              let recorder = try? SignalRecorder(store: store, onCommitted: { _ in }) else {
            return ["signals: store burst skipped (cannot open \(path))"]
        }
        let symbol = Symbol("BTCUSDT")!
        let burst = (0..<10_000).map { i in
            Signal(time: Int64(i), symbol: symbol, interval: .m1, rule: "bench", direction: .bullish, strength: 0.5,
                   price: ExactDecimal("4261.48")!, reason: "Bench signal \(i).")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        for s in burst { recorder.record(s) }
        recorder.flush()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let stored = (try? store.count()) ?? -1
        return ["signals: store burst of \(burst.count) signals committed in \(fmt(seconds * 1000)) ms (\(Int(Double(burst.count) / seconds)) signals/s, \(stored) rows)"]
    }

    private static func percentiles(_ samples: inout [UInt64]) -> String {
        guard !samples.isEmpty else { return "no samples" }
        samples.sort()
        func at(_ q: Double) -> String {
            fmt(Double(samples[min(samples.count - 1, Int(Double(samples.count) * q))]) / 1000)
        }
        return "n=\(samples.count) p50 \(at(0.5)) us, p99 \(at(0.99)) us, max \(fmt(Double(samples[samples.count - 1]) / 1000)) us"
    }

    private static func fmt(_ x: Double) -> String { String(format: "%.2f", x) }
}
