import Binance
import Foundation
import Indicators
import MarketModel

/// The live pipeline on a Binance-format kline stream generated from real daily candles
/// (`kline_stream.jsonl`, see its SOURCES.md): per message, byte-level decode,
/// forming-bar tracking, a preview of every indicator of the default list for an
/// in-progress message and a commit for a closing one. This is the per-message work the
/// Python peer (`peer_bench.py`) is compared against, so the frames are read and split
/// before timing, exactly as the peer does.
///
/// The stream is `Tests/Fixtures/oracle/kline_stream.jsonl` (19,936 messages, 6.7 MB); another
/// file can be given with `KLINE_STREAM=path` or as an argument ending in `.jsonl`.
///
/// After timing, the committed values are checked against `IndicatorBatch` over the daily
/// oracle CSV (`ORACLE_CSV`, else `btcusdt_1d_default.csv` beside the stream, else the test
/// fixture), bit for bit, and against that CSV's TA-Lib columns with compare.py's tolerance.
enum PipelineBench {
    static let passes = 7
    static let fixtureStreamPath = "Tests/Fixtures/oracle/kline_stream.jsonl"
    static let fixtureCSVPath = "Tests/Fixtures/oracle/btcusdt_1d_default.csv"

    /// `KLINE_STREAM`, else the first command-line argument ending in `.jsonl`, else the
    /// fixture path (which `run` reports as missing, with instructions, if it is absent).
    static var defaultKlineStreamPath: String {
        if let path = ProcessInfo.processInfo.environment["KLINE_STREAM"], !path.isEmpty { return path }
        if let path = CommandLine.arguments.dropFirst().first(where: { $0.hasSuffix(".jsonl") }) { return path }
        return fixtureStreamPath
    }

    static func run(klineStreamPath: String) -> [String] {
        guard let frames = loadFrames(klineStreamPath) else {
            return [
                "pipeline: cannot read the kline stream at \(klineStreamPath)",
                "  pass it as KLINE_STREAM=Tests/Fixtures/oracle/kline_stream.jsonl or as an argument",
                "  ending in .jsonl: thebot-bench pipeline path/to/kline_stream.jsonl",
            ]
        }
        let specs = IndicatorSpec.defaultList
        var lines = [
            "pipeline: \(frames.count) kline messages from \(klineStreamPath), "
                + "\(specs.count) indicators (\(IndicatorSet(specs: specs).columns.count) columns), "
                + "median of \(passes) passes",
        ]

        // The first pass warms caches and branch predictors; it is not counted.
        var last = pass(frames, specs: specs)
        // Wall time, as the peer measures; the thread's CPU time alongside, which a busy
        // shared machine disturbs less.
        var rates: [Double] = []
        var cpuRates: [Double] = []
        for _ in 0..<passes {
            var result = PassResult()
            let (seconds, cpuSeconds) = time { result = pass(frames, specs: specs) }
            rates.append(Double(result.messages) / seconds)
            cpuRates.append(Double(result.messages) / cpuSeconds)
            last = result
        }
        var decodeRates: [Double] = []
        var decodeCPURates: [Double] = []
        for _ in 0..<passes {
            var result = PassResult()
            let (seconds, cpuSeconds) = time { result = decodeOnlyPass(frames) }
            decodeRates.append(Double(result.messages) / seconds)
            decodeCPURates.append(Double(result.messages) / cpuSeconds)
        }
        let sorted = rates.sorted()
        lines.append("  pipeline (decode + series + preview all | commit)   \(Int(median(rates))) msgs/s "
                     + "(min \(Int(sorted[0])), max \(Int(sorted[sorted.count - 1])))")
        lines.append("  per message                                         "
                     + "\(((1e9 / median(rates)) * 10).rounded() / 10) ns")
        lines.append("  decode + series only (no indicators)                \(Int(median(decodeRates))) msgs/s")
        lines.append("  thread CPU time: pipeline \(Int(median(cpuRates))) msgs/s, "
                     + "decode + series \(Int(median(decodeCPURates))) msgs/s")
        lines.append("  messages \(last.messages): \(last.previews) previews, \(last.commits) commits, "
                     + "\(last.ignored) ignored, \(last.errors) errors; checksum \(last.checksum)")
        lines.append(contentsOf: verify(last.set, streamPath: klineStreamPath))
        lines.append("pipeline_msgs_per_s: \(Int(median(rates)))")
        return lines
    }

    struct PassResult {
        var messages = 0
        var previews = 0
        var commits = 0
        var ignored = 0
        var errors = 0
        var checksum = 0.0
        var set = IndicatorSet(specs: [])
    }

    /// One line per message, without the newline; read whole and split before any timing.
    static func loadFrames(_ path: String) -> [[UInt8]]? {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            var bytes = Array(line)
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            return bytes.isEmpty ? nil : bytes
        }
    }

    /// The timed work: everything a live client does per kline message.
    static func pass(_ frames: [[UInt8]], specs: [IndicatorSpec]) -> PassResult {
        var result = PassResult()
        var decoder = StreamDecoder()
        var set = IndicatorSet(specs: specs)
        var series = FormingSeries()
        var out = [Double](repeating: .nan, count: set.columns.count)
        let columns = out.count
        for frame in frames {
            result.messages += 1
            guard let (bar, closed) = candleBar(frame, &decoder, &result) else { continue }
            switch series.apply(bar, closed: closed) {
            case .forming:
                set.preview(bar, into: &out)
                result.previews += 1
                // Reads one output per message (rotating) so the previews are observably used.
                let v = out[result.messages % columns]
                if !v.isNaN { result.checksum += v }
            case .closed:
                set.commit(bar)
                result.commits += 1
            case .stale:
                result.ignored += 1
            }
        }
        result.set = set
        return result
    }

    /// The same loop with the indicators taken out: what decoding and the series cost alone.
    static func decodeOnlyPass(_ frames: [[UInt8]]) -> PassResult {
        var result = PassResult()
        var decoder = StreamDecoder()
        var series = FormingSeries()
        for frame in frames {
            result.messages += 1
            guard let (bar, closed) = candleBar(frame, &decoder, &result) else { continue }
            switch series.apply(bar, closed: closed) {
            case .forming: result.checksum += bar.close
            case .closed: result.commits += 1
            case .stale: result.ignored += 1
            }
        }
        return result
    }

    @inline(__always)
    private static func candleBar(_ frame: [UInt8], _ decoder: inout StreamDecoder,
                                  _ result: inout PassResult) -> (Bar, Bool)? {
        // Matching the call itself uses the candle where the decoder built it (no copy).
        do {
            if case .event(.candle(let c)) = try decoder.decode(frame) {
                let bar = Bar(openTime: c.openTime, open: c.open.doubleValue, high: c.high.doubleValue,
                              low: c.low.doubleValue, close: c.close.doubleValue, volume: c.volume.doubleValue)
                return (bar, c.isClosed)
            }
            result.ignored += 1
        } catch {
            result.errors += 1
        }
        return nil
    }

    /// The forming candle of one series: an update for an already closed open time (a late
    /// duplicate after a reconnect) must neither preview nor commit twice.
    struct FormingSeries {
        enum Outcome { case forming, closed, stale }
        private var lastClosedOpenTime = Int64.min
        private(set) var forming: Bar?

        mutating func apply(_ bar: Bar, closed: Bool) -> Outcome {
            guard bar.openTime > lastClosedOpenTime else { return .stale }
            if closed {
                lastClosedOpenTime = bar.openTime
                forming = nil
                return .closed
            }
            forming = bar
            return .forming
        }
    }

    /// The committed state after the stream must be what the batch tool computes from the
    /// closed candles, bit for bit (same code, same inputs: the closing messages carry the
    /// CSV's exact values), and within compare.py's tolerance of TA-Lib's own columns.
    static func verify(_ set: IndicatorSet, streamPath: String) -> [String] {
        let env = ProcessInfo.processInfo.environment["ORACLE_CSV"]
        let beside = URL(fileURLWithPath: streamPath).deletingLastPathComponent()
            .appendingPathComponent("btcusdt_1d_default.csv").path
        let candidates = [env, beside, fixtureCSVPath].compactMap { $0 }
        guard let csvPath = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
              let data = FileManager.default.contents(atPath: csvPath) else {
            return ["  verification skipped: no oracle CSV (set ORACLE_CSV=/path/btcusdt_1d_default.csv)"]
        }
        let text = String(decoding: data, as: UTF8.self)
        let rendered: String
        do {
            rendered = try IndicatorBatch.render(csv: text, indicators: nil, inputName: csvPath)
        } catch {
            return ["  MISMATCH: IndicatorBatch failed on \(csvPath): \(error)"]
        }
        let batchRows = csvLines(rendered)
        let refRows = csvLines(text)
        guard let batchHeader = batchRows.first, let batchLast = batchRows.last,
              let refHeader = refRows.first, let refLast = refRows.last else {
            return ["  MISMATCH: empty batch output"]
        }
        let names = batchHeader.split(separator: ",", omittingEmptySubsequences: false).dropFirst(6).map(String.init)
        let batch = batchLast.split(separator: ",", omittingEmptySubsequences: false).dropFirst(6).map { Double($0) ?? .nan }
        var problems: [String] = []
        if set.barCount != batchRows.count - 1 {
            problems.append("committed \(set.barCount) bars, the CSV has \(batchRows.count - 1)")
        }
        if names != set.columns { problems.append("columns \(set.columns) vs batch \(names)") }
        for (k, name) in names.enumerated() where k < set.values.count {
            let a = set.values[k], b = batch[k]
            if !(a == b || (a.isNaN && b.isNaN)) { problems.append("\(name): pipeline \(a) vs batch \(b)") }
        }
        let refNames = refHeader.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let refValues = refLast.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) ?? .nan }
        var worst = 0.0
        for (k, name) in set.columns.enumerated() {
            guard let j = refNames.firstIndex(of: name), j < refValues.count else { continue }
            let a = set.values[k], e = refValues[j]
            if a.isNaN || e.isNaN {
                if a.isNaN != e.isNaN { problems.append("\(name): \(a) vs TA-Lib \(e)") }
                continue
            }
            let d = abs(a - e)
            if d > 1e-9 && d > 1e-9 * abs(e) { problems.append("\(name): \(a) vs TA-Lib \(e)") }
            worst = max(worst, e == 0 ? d : d / abs(e))
        }
        guard problems.isEmpty else {
            return ["  MISMATCH against \(csvPath):"] + problems.map { "    " + $0 }
        }
        return ["  verified: \(set.columns.count) committed values equal IndicatorBatch on \(csvPath) "
                + "(last row, bit for bit); max relative difference to TA-Lib \(worst)"]
    }

    /// Lines split on the byte: the oracle CSVs end lines with CRLF, which a Character split
    /// treats as one character and never splits at.
    private static func csvLines(_ text: String) -> [Substring] {
        text.unicodeScalars.split(separator: "\n").map { line in
            var s = Substring(line)
            if s.unicodeScalars.last == "\r" { s = Substring(s.unicodeScalars.dropLast()) }
            return s
        }.filter { !$0.isEmpty }
    }

    /// Wall seconds and this thread's CPU seconds.
    private static func time(_ body: () -> Void) -> (wall: Double, cpu: Double) {
        let cpuStart = threadCPUSeconds()
        let d = ContinuousClock().measure(body)
        let cpu = threadCPUSeconds() - cpuStart
        return (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18, max(cpu, 1e-9))
    }

    private static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    private static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
