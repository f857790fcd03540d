import MarketModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A realistic, deterministic MonitorState for the frame benchmark, previews and tests: a random
/// walk of candles with moving averages, bands, RSI, MACD, a full watchlist and signal history.
/// Nothing here touches the network or a clock.
public enum SampleState {
    public static func make(candles count: Int = 500, nowMs: Int64 = 1_700_000_000_000, seed: UInt64 = 42,
                            interval: Interval = .m1) -> MonitorState {
        var rng = SplitMix(seed: seed)
        let step = interval.nominalMilliseconds
        let firstOpen = interval.openTime(containing: nowMs) - Int64(count - 1) * step
        var price = 64_000.0
        var candles: [Candle] = []
        candles.reserveCapacity(count)
        let symbol = Symbol("BTCUSDT")!
        for i in 0..<count {
            let open = price
            let drift = (rng.unit() - 0.5) * 120 + sin(Double(i) / 40) * 20
            let close = max(1, open + drift)
            let high = max(open, close) + rng.unit() * 45
            let low = min(open, close) - rng.unit() * 45
            let volume = 5 + rng.unit() * 40 + (abs(drift) > 50 ? 30 : 0)
            let t = firstOpen + Int64(i) * step
            candles.append(Candle(symbol: symbol, interval: interval, openTime: t, closeTime: t + step - 1,
                                  open: ExactDecimal(rounding: open, scale: 2), high: ExactDecimal(rounding: high, scale: 2),
                                  low: ExactDecimal(rounding: low, scale: 2), close: ExactDecimal(rounding: close, scale: 2),
                                  volume: ExactDecimal(rounding: volume, scale: 5), isClosed: i < count - 1))
            price = close
        }
        let closes = candles.map(\.close.doubleValue)
        let sma20 = sma(closes, 20), ema50 = ema(closes, 50)
        let sd = stdev(closes, 20)
        let upper = zip(sma20, sd).map { $0 + 2 * $1 }, lower = zip(sma20, sd).map { $0 - 2 * $1 }
        let macdLine = zip(ema(closes, 12), ema(closes, 26)).map { $0 - $1 }
        let signal = ema(macdLine, 9)
        let histogram = zip(macdLine, signal).map { $0 - $1 }
        let chart = ChartView(symbol: "BTCUSDT", interval: interval, candles: candles, priceDecimals: 2,
                              backfilledOpenTimes: Set(candles.prefix(count / 3).map(\.openTime)),
                              gapOpenTimes: count > 200 ? [candles[count - 150].openTime] : [],
                              overlays: [OverlayLine(name: "SMA(20)", values: sma20, styleKey: "overlay1"),
                                         OverlayLine(name: "EMA(50)", values: ema50, styleKey: "overlay2")],
                              bands: BandOverlay(name: "BB(20,2)", upper: upper, middle: sma20, lower: lower),
                              zoom: 160, scrollOffset: 0)

        let names = ["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT", "ADAUSDT", "PEPEUSDT"]
        let prices = [price, 3_412.55, 612.3, 171.204, 0.6231, 0.16402, 0.4712, 0.00001234]
        let decimals = [2, 2, 1, 3, 4, 5, 4, 8]
        let consensus: [SignalConsensus] = [.buy, .strongBuy, .neutral, .sell, .neutral, .strongSell, .buy, .neutral]
        var rows: [WatchRow] = []
        for (k, name) in names.enumerated() {
            var spark: [Double] = []
            var p = prices[k]
            for _ in 0..<40 {
                p *= 1 + (rng.unit() - 0.5) * 0.01
                spark.append(p)
            }
            rows.append(WatchRow(symbol: name, last: ExactDecimal(rounding: prices[k], scale: UInt8(decimals[k])),
                                 priceDecimals: decimals[k], changePercent: (rng.unit() - 0.45) * 8,
                                 flash: k == 1 ? .up : (k == 3 ? .down : .none), sparkline: spark,
                                 volume: rng.unit() * 2e9, consensus: consensus[k]))
        }
        let rsiValues = rsi(closes, 14)
        let indicators = [
            IndicatorRow(name: "SMA(20)", value: Formatting.fixed(sma20.last ?? .nan, decimals: 2), state: closes.last! > (sma20.last ?? 0) ? .bullish : .bearish),
            IndicatorRow(name: "EMA(50)", value: Formatting.fixed(ema50.last ?? .nan, decimals: 2), state: .neutral),
            IndicatorRow(name: "RSI(14)", value: Formatting.fixed(rsiValues.last ?? .nan, decimals: 2), state: .neutral),
            IndicatorRow(name: "MACD(12,26,9)", value: Formatting.fixed(histogram.last ?? .nan, decimals: 2),
                         state: (histogram.last ?? 0) >= 0 ? .bullish : .bearish),
            IndicatorRow(name: "BB(20,2) %B", value: "0.62", state: .neutral),
            IndicatorRow(name: "ATR(14)", value: "48.31", state: .neutral),
            IndicatorRow(name: "ADX(14)", value: "27.4", state: .bullish),
            IndicatorRow(name: "STOCH(14,3,3)", value: "81.2 / 76.9", state: .bearish),
        ]
        let signals = (0..<12).map { k in
            SignalRow(timeMs: nowMs - Int64(k) * 97_000, symbol: names[k % names.count],
                      rule: k % 3 == 0 ? "rsi_cross" : (k % 3 == 1 ? "ma_cross" : "bb_break"),
                      reason: k % 2 == 0 ? "RSI(14) crossed above 30 at 31.2" : "SMA(20) crossed below EMA(50)",
                      direction: k % 2 == 0 ? .up : .down)
        }
        return MonitorState(
            title: "thebot", isDemo: true, endpointLabel: "127.0.0.1:9443 (simulator)",
            health: HealthView(state: .live, dataAgeSeconds: 0.3, messagesPerSecond: 412, reconnects: 1,
                               backfilling: false, restWeightUsed: 42),
            refreshMilliseconds: 500, nowMs: nowMs, watchlist: rows, selectedIndex: 0, chart: chart,
            subpanes: [.rsi(values: rsiValues), .macd(line: macdLine, signal: signal, histogram: histogram)],
            indicatorRows: indicators, signals: signals,
            toasts: [Toast(id: 1, text: "ETHUSDT ma_cross: SMA(20) crossed above EMA(50)", severity: .info, direction: .up,
                           createdAtMs: nowMs - 1_000)])
    }

    static func sma(_ v: [Double], _ n: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: v.count)
        var sum = 0.0
        for i in v.indices {
            sum += v[i]
            if i >= n { sum -= v[i - n] }
            if i >= n - 1 { out[i] = sum / Double(n) }
        }
        return out
    }

    static func ema(_ v: [Double], _ n: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: v.count)
        let k = 2 / Double(n + 1)
        var e = Double.nan
        for i in v.indices where v[i].isFinite {
            e = e.isNaN ? v[i] : v[i] * k + e * (1 - k)
            out[i] = e
        }
        return out
    }

    static func stdev(_ v: [Double], _ n: Int) -> [Double] {
        let m = sma(v, n)
        return v.indices.map { i in
            guard i >= n - 1 else { return .nan }
            let w = v[(i - n + 1)...i]
            return (w.reduce(0) { $0 + ($1 - m[i]) * ($1 - m[i]) } / Double(n)).squareRoot()
        }
    }

    static func rsi(_ v: [Double], _ n: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: v.count)
        var gain = 0.0, loss = 0.0
        for i in 1..<max(1, v.count) {
            let d = v[i] - v[i - 1]
            if i <= n {
                gain += max(0, d) / Double(n)
                loss += max(0, -d) / Double(n)
            } else {
                gain = (gain * Double(n - 1) + max(0, d)) / Double(n)
                loss = (loss * Double(n - 1) + max(0, -d)) / Double(n)
            }
            if i >= n { out[i] = loss == 0 ? 100 : 100 - 100 / (1 + gain / loss) }
        }
        return out
    }
}
