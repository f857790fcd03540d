import Indicators

/// Indicator throughput: closed-bar updates per second for each indicator of the default
/// list, the whole default set in one pass, forming-bar previews (and the copy-and-commit
/// they replace), and the batch CSV tool.
/// Medians of several runs over a deterministic synthetic random walk; meaningful only in a
/// release build.
enum IndicatorBench {
    static let barCount = 200_000
    static let runs = 5

    static func run(klineStreamPath: String?) -> [String] {
        let bars = syntheticBars(barCount)
        var lines = ["indicators: \(barCount) synthetic 1m bars, median of \(runs) runs"]
        var checksum = 0.0

        let specs = IndicatorSpec.defaultList + [.sessionVWAP]
        for spec in specs {
            let (rate, sum) = updatesPerSecond(spec.makeIndicator(), bars)
            checksum += sum
            lines.append(row(spec.description, rate, "updates/s"))
        }

        // Forming-bar previews on an indicator warmed with the first 1 000 bars.
        for spec in specs {
            let (rate, sum) = previewsPerSecond(spec.makeIndicator(), bars)
            checksum += sum
            lines.append(row("preview " + spec.description, rate, "previews/s"))
        }

        var setSum = 0.0
        let setRate = median((0..<runs).map { _ in
            var set = IndicatorSet(specs: IndicatorSpec.defaultList)
            let seconds = time {
                for bar in bars { set.commit(bar) }
            }
            setSum = set.values.reduce(0) { $1.isNaN ? $0 : $0 + $1 }
            return Double(bars.count) / seconds
        })
        checksum += setSum
        let perBar = IndicatorSpec.defaultList.count
        lines.append(row("default set (\(perBar) indicators)", setRate, "bars/s"))
        lines.append(row("default set, per indicator", setRate * Double(perBar), "updates/s"))

        let warm = IndicatorSet(specs: IndicatorSpec.defaultList, history: bars.prefix(1_000))
        let ticks = Array(bars[1_000..<min(bars.count, 101_000)])
        var buffer: [Double] = []
        let previewRate = median((0..<runs).map { _ in
            let seconds = time {
                for tick in ticks {
                    warm.preview(tick, into: &buffer)
                    checksum += buffer[0]
                }
            }
            return Double(ticks.count) / seconds
        })
        lines.append(row("default set preview (computed, no copy)", previewRate, "previews/s"))

        // What a preview cost before indicators computed it from the committed state: the
        // definition it must still match bit for bit, kept here as the reference rate.
        let copyRate = median((0..<runs).map { _ in
            let seconds = time {
                for tick in ticks {
                    var copy = warm
                    copy.commit(tick)
                    checksum += copy.values[0]
                }
            }
            return Double(ticks.count) / seconds
        })
        lines.append(row("default set preview, by copy + commit", copyRate, "previews/s"))

        let csv = csvText(bars.prefix(50_000))
        let csvRate = median((0..<3).map { _ in
            var size = 0
            let seconds = time {
                size = (try? IndicatorBatch.render(csv: csv, indicators: nil))?.utf8.count ?? 0
            }
            checksum += Double(size)
            return 50_000 / seconds
        })
        lines.append(row("batch CSV, default list (parse+compute+format)", csvRate, "rows/s"))

        if klineStreamPath != nil {
            lines.append("kline stream pipeline: see the pipeline section (PipelineBench)")
        }
        lines.append("checksum \(checksum)")
        return lines
    }

    private static func updatesPerSecond(_ prototype: any Indicator, _ bars: [Bar]) -> (Double, Double) {
        var buffer = Array(repeating: 0.0, count: prototype.outputCount)
        var sum = 0.0
        let rates = (0..<runs).map { _ in
            var indicator = prototype
            let seconds = time {
                for bar in bars {
                    indicator.update(bar)
                    indicator.write(into: &buffer, at: 0)
                    if !buffer[0].isNaN { sum += buffer[0] }
                }
            }
            return Double(bars.count) / seconds
        }
        return (median(rates), sum)
    }

    private static func previewsPerSecond(_ prototype: any Indicator, _ bars: [Bar]) -> (Double, Double) {
        var warm = prototype
        for bar in bars.prefix(1_000) { warm.update(bar) }
        let ticks = bars[1_000...]
        var buffer = Array(repeating: 0.0, count: prototype.outputCount)
        var sum = 0.0
        let rates = (0..<runs).map { _ in
            let seconds = time {
                for tick in ticks {
                    warm.writePreview(of: tick, into: &buffer, at: 0)
                    if !buffer[0].isNaN { sum += buffer[0] }
                }
            }
            return Double(ticks.count) / seconds
        }
        return (median(rates), sum)
    }

    private static func time(_ body: () -> Void) -> Double {
        let d = ContinuousClock().measure(body)
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    private static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    private static func row(_ name: String, _ rate: Double, _ unit: String) -> String {
        let padded = name.count < 48 ? name + String(repeating: " ", count: 48 - name.count) : name
        let millions = (rate / 1e4).rounded() / 100
        return "  \(padded) \(millions) M \(unit)"
    }

    /// A reproducible random walk around 30 000 with realistic bar shapes.
    private static func syntheticBars(_ count: Int) -> [Bar] {
        var state: UInt64 = 0x5EED
        func unit() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var price = 30_000.0
        return (0..<count).map { i in
            let open = price
            price *= 1 + (unit() - 0.5) * 0.004
            return Bar(openTime: 1_609_459_200_000 + Int64(i) * 60_000, open: open,
                       high: max(open, price) * (1 + unit() * 0.001),
                       low: min(open, price) * (1 - unit() * 0.001),
                       close: price, volume: unit() * 100)
        }
    }

    private static func csvText(_ bars: ArraySlice<Bar>) -> String {
        var text = "open_time,open,high,low,close,volume\n"
        for b in bars {
            text += "\(b.openTime),\(b.open),\(b.high),\(b.low),\(b.close),\(b.volume)\n"
        }
        return text
    }
}
