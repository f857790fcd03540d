import Binance
import Dispatch
import Foundation
import Histogram
import MarketData
import MarketModel
import MarketState
import Indicators
import Signals
import TUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Latency of one market frame through the real signal path, in process:
///
///     frame bytes ─ the venue's frame decoder (into a FeedBatch) ─ SeriesStore (bars, the
///       default indicators, SignalRule.defaults) ─ its reader ─▶ t1 "signal emitted"
///       ─ SignalRecorder.record (SQLite, WAL, temp file) ─ writer commits ─ onCommitted
///       ─ SignalNotifier.notify ─ present(.toast) ─▶ t2 "toast queued" (handed to the UI)
///
/// t0 is taken just before the decode. Histograms (HdrHistogram, 3 significant digits) are
/// kept in nanoseconds and reported in microseconds. The frames are synthetic Binance
/// combined-stream kline frames: 20 symbols on 1m, 4 forming updates and 1 closed update per
/// bar, interleaved across symbols as a combined stream delivers them, with a swinging price
/// path so that the default rules fire often.
///
/// Two runs: at full speed (the feed thread decodes back to back, the writer batches behind it)
/// and paced (frames at a fixed rate, so every signal meets an idle writer, as live).
/// The burst gate of the notifier is opened wide (limit 1 000 000/s) so that every signal gets
/// its own toast and is timed; with the default gate (5/s) signals past the limit wait for the
/// "N more signals" summary at the end of the second, by design.
///
/// The screen is not part of the process path: the frame scheduler draws a dirty frame at most
/// once per refresh interval (100/500/1000 ms) and right away when the last draw is older than
/// that, so "toast on screen" ≤ "toast queued" + refresh interval + compose and diff of a frame
/// (measured here on a 200x60 frame that shows a toast, as in `FrameBench`).
///
/// Environment: SIGNAL_LATENCY_FRAMES (full-speed frames, default 200 000),
/// SIGNAL_LATENCY_PACED_FRAMES (default 60 000), SIGNAL_LATENCY_RATE (paced frames/s, default 1 000).
enum SignalLatencyBench {
    static func run() -> [String] {
        let env = ProcessInfo.processInfo.environment
        let fullFrames = max(1, env["SIGNAL_LATENCY_FRAMES"].flatMap { Int($0) } ?? 200_000)
        let pacedFrames = max(0, env["SIGNAL_LATENCY_PACED_FRAMES"].flatMap { Int($0) } ?? 60_000)
        let rate = max(1, env["SIGNAL_LATENCY_RATE"].flatMap { Double($0) } ?? 1_000)

        let feed = FrameFeed(symbols: 20, frames: max(fullFrames, pacedFrames))
        var lines = [
            "signal-latency: frames: \(feed.symbols) symbols x 1m, 4 forming + 1 closed update per bar, "
                + "\(feed.ranges.count) frames, \(feed.buffer.count / max(1, feed.ranges.count)) bytes/frame; "
                + "rules: SignalRule.defaults (\(SignalRule.defaults.count)); store: SQLite WAL in a temp file; "
                + "notifier: toast only, burst limit 1000000/s",
        ]
        let full = measure(feed, count: fullFrames, framesPerSecond: nil)
        lines += full.lines(label: "full speed")
        var paced: Run?
        if pacedFrames > 0 {
            let run = measure(feed, count: pacedFrames, framesPerSecond: rate)
            lines += run.lines(label: "paced \(Int(rate))/s")
            paced = run
        }
        lines += screen(queued: paced ?? full, label: paced == nil ? "full speed" : "paced \(Int(rate))/s")
        return lines
    }

    // MARK: - One run

    struct Run {
        var frames = 0
        var seconds = 0.0
        var decodeFailures = 0
        var firingFrames = 0
        var signals = 0
        var toasts = 0
        var summaryToasts = 0
        var untimed = 0
        var committed = 0
        var journal = ""
        var maxLagNs: UInt64 = 0
        var everyFrame = makeHistogram()
        var emitted = makeHistogram()
        var queued = makeHistogram()

        func lines(label: String) -> [String] {
            var out = [
                "signal-latency \(label): \(frames) frames in \(fmt(seconds)) s (\(Int(Double(frames) / max(seconds, 1e-9))) frames/s), "
                    + "\(signals) signals from \(firingFrames) frames, \(committed) committed (journal \(journal)), "
                    + "\(toasts) toasts timed, \(summaryToasts) summary toasts, \(untimed) untimed, \(decodeFailures) decode failures",
                "signal-latency \(label): frame -> decoded + aggregated, every frame: \(describe(everyFrame))",
                "signal-latency \(label): frame -> signal emitted, frames that fired: \(describe(emitted))",
                "signal-latency \(label): frame -> toast queued, per toast: \(describe(queued))",
            ]
            if maxLagNs > 0 {
                out.append("signal-latency \(label): feed behind schedule at most \(fmt(Double(maxLagNs) / 1000)) us")
            }
            return out
        }
    }

    /// Signals in flight (id → t0) and the toast histogram, shared with the writer's queue.
    private final class Tracker: Sendable {
        struct State {
            var starts: [UUID: UInt64] = [:]
            var queued = makeHistogram()
            var toasts = 0
            var summaries = 0
        }

        let state = Locked(State())

        func started(_ signals: [Signal], at t0: UInt64) {
            state.withLock { s in
                for signal in signals { s.starts[signal.id] = t0 }
            }
        }

        func presented(_ presentation: SignalPresentation, at t2: UInt64) {
            state.withLock { s in
                guard case .toast(let toast) = presentation else { return }
                if let id = toast.signalID, let t0 = s.starts.removeValue(forKey: id) {
                    s.queued.record(t2 &- t0)
                    s.toasts += 1
                } else {
                    s.summaries += 1
                }
            }
        }
    }

    private static func measure(_ feed: FrameFeed, count: Int, framesPerSecond: Double?) -> Run {
        var run = Run()
        let path = NSTemporaryDirectory() + "thebot-bench-signal-latency-\(UUID().uuidString).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let tracker = Tracker()
        let notifier = SignalNotifier(
            settings: NotificationSettings(enabled: [.toast], burstLimit: 1_000_000),
            environment: [:],
            terminal: { _ in },
            present: { presentation in tracker.presented(presentation, at: now()) })
        guard let store = try? SignalStore(path: path),
              let recorder = try? SignalRecorder(store: store, onCommitted: { batch in notifier.notify(batch) }) else {
            run.journal = "cannot open the store"
            return run
        }
        run.journal = (try? store.journalMode()) ?? "?"

        // The feed's own path: the venue's frame decoder appends into a batch, the series store
        // folds it (bars, the default indicators, the rules) and hands the signals to its readers.
        let venue = BinanceVenue()
        let decoder = venue.makeFrameDecoder()
        let series = SeriesStore(settings: .init(venue: venue.id, capacity: 500, specs: IndicatorSpec.defaultList,
                                                 rules: SignalRule.defaults))
        let probe = SignalProbe()
        series.add(probe)
        var batch = FeedBatch()
        let interval = framesPerSecond.map { 1e9 / $0 }
        let n = min(count, feed.ranges.count)
        let start = now()
        feed.buffer.withUnsafeBytes { all in
            for i in 0..<n {
                if let interval {
                    let due = start + UInt64(Double(i) * interval)
                    sleep(until: due)
                    let late = now() &- due
                    if late < 1 << 62 { run.maxLagNs = max(run.maxLagNs, late) }
                }
                let frame = UnsafeRawBufferPointer(rebasing: all[feed.ranges[i]])
                let t0 = now()
                batch.removeAll(keepingCapacity: true)
                guard decoder.decode(frame, appendingTo: &batch) == nil, batch.count == 1 else {
                    run.decodeFailures += 1
                    continue
                }
                series.receive(batch)
                let t1 = now()
                run.everyFrame.record(t1 &- t0)
                let out = probe.take()
                if out.signals.isEmpty { continue }
                run.emitted.record(out.at &- t0)
                run.firingFrames += 1
                run.signals += out.signals.count
                tracker.started(out.signals, at: t0)
                recorder.record(out.signals)
            }
        }
        recorder.flush()
        run.seconds = Double(now() - start) / 1e9
        run.frames = n
        run.committed = recorder.committedCount
        tracker.state.withLock { s in
            run.queued = s.queued
            run.toasts = s.toasts
            run.summaryToasts = s.summaries
            run.untimed = s.starts.count
        }
        return run
    }

    /// The store's reader: the signals of the last batch and when it saw them. Called on the
    /// bench thread inside `receive`, read right after it on the same thread.
    private final class SignalProbe: SeriesConsumer, @unchecked Sendable {
        private var signals: [Signal] = []
        private var at: UInt64 = 0

        func seriesChanged(_ batch: SeriesBatch, store: SeriesStoreView) {
            guard !batch.signals.isEmpty else { return }
            at = now()
            signals = batch.signals
        }

        func take() -> (signals: [Signal], at: UInt64) {
            defer { signals.removeAll(keepingCapacity: true) }
            return (signals, at)
        }
    }

    // MARK: - The screen

    private static func screen(queued run: Run, label: String) -> [String] {
        var state = SampleState.make(candles: 500)
        state.chart?.zoom = 500
        let hasToast = !state.toasts.isEmpty
        let renderer = MonitorRenderer(theme: .dark)
        let presenter = FramePresenter(painter: NullPainter())
        for _ in 0..<5 { _ = presenter.present(renderer.render(state, width: 200, height: 60)) }
        var compose = makeHistogram()
        var composeAndDiff = makeHistogram()
        for i in 0..<100 {
            FrameBench.tick(&state, step: i)
            let t0 = now()
            let frame = renderer.render(state, width: 200, height: 60)
            let t1 = now()
            _ = presenter.present(frame)
            let t2 = now()
            compose.record(t1 - t0)
            composeAndDiff.record(t2 - t0)
        }
        let drawMs = Double(composeAndDiff.median) / 1e6
        let p50 = Double(run.queued.valueAtPercentile(50)) / 1e6
        let p99 = Double(run.queued.valueAtPercentile(99)) / 1e6
        let top = Double(run.queued.max) / 1e6
        var lines = [
            "signal-latency screen: compose 200x60 frame with \(hasToast ? "a toast" : "no toast"), 500 candles: "
                + "median \(fmt(Double(compose.median) / 1000)) us; compose + diff median \(fmt(Double(composeAndDiff.median) / 1000)) us "
                + "(n=100; painting through ncurses not included)",
        ]
        for refresh in FrameScheduler.refreshChoices {
            let r = Double(refresh)
            lines.append("signal-latency screen (\(label)): frame -> toast on screen <= toast queued + \(refresh) ms refresh + compose/diff: "
                + "p50 <= \(fmt(p50 + r + drawMs)) ms, p99 <= \(fmt(p99 + r + drawMs)) ms, max <= \(fmt(top + r + drawMs)) ms")
        }
        return lines
    }

    // MARK: - Helpers

    /// 1 ns to 60 s, 3 significant digits.
    static func makeHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    }

    static func describe(_ h: Histogram<UInt64>) -> String {
        guard h.totalCount > 0 else { return "no samples" }
        func us(_ ns: UInt64) -> String { fmt(Double(ns) / 1000) }
        return "n=\(h.totalCount) p50 \(us(h.valueAtPercentile(50))) us, p99 \(us(h.valueAtPercentile(99))) us, "
            + "p99.9 \(us(h.valueAtPercentile(99.9))) us, max \(us(h.max)) us"
    }

    static func fmt(_ x: Double) -> String { String(format: "%.2f", x) }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    private static func sleep(until deadline: UInt64) {
        let current = now()
        guard deadline > current else { return }
        var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
    }

    private final class NullPainter: TerminalPainter {
        func clearAll() {}
        func put(x: Int, y: Int, cell: Cell) {}
        func flush() {}
    }
}

/// Binance combined-stream kline frames in one buffer, so the decoder reads them in place.
///
/// Each symbol follows a swing (a sine of 30 to 49 bars, ±4 %) under AR(1) noise, with a volume
/// spike on about 3 % of bars: crosses, RSI and stochastic zones, band breaks and volume spikes
/// all come round every few dozen bars.
private struct FrameFeed {
    let symbols: Int
    var buffer: [UInt8] = []
    var ranges: [Range<Int>] = []

    init(symbols: Int, frames: Int, formingPerBar: Int = 4) {
        self.symbols = symbols
        let perBar = symbols * (formingPerBar + 1)
        let bars = (frames + perBar - 1) / perBar
        buffer.reserveCapacity(frames * 360)
        ranges.reserveCapacity(frames)
        var random = SplitMix(seed: 7)
        let names = (0..<symbols).map { "SYM\($0)USDT" }
        let streams = names.map { $0.lowercased() + "@kline_1m" }
        var lastClose = (0..<symbols).map { 20.0 + 15.0 * Double($0) }
        var noise = Array(repeating: 0.0, count: symbols)
        let base: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z
        var tradeID: Int64 = 1_000_000

        struct Forming { var open, high, low, close, target, volume, totalVolume: Double }
        var bar = Array(repeating: Forming(open: 0, high: 0, low: 0, close: 0, target: 0, volume: 0, totalVolume: 0), count: symbols)

        outer: for b in 0..<bars {
            let openTime = base + Int64(b) * 60_000
            for s in 0..<symbols {
                noise[s] = 0.9 * noise[s] + (random.unit() - 0.5) * 0.006
                let period = 30.0 + Double(s)
                let center = 20.0 + 15.0 * Double(s)
                let target = center * (1 + 0.04 * sin(2 * Double.pi * Double(b) / period)) * exp(noise[s])
                let open = lastClose[s]
                let spike = random.unit() < 0.03
                bar[s] = Forming(open: open, high: open, low: open, close: open, target: target, volume: 0,
                                 totalVolume: (80 + 40 * random.unit()) * (spike ? 6 : 1))
            }
            for step in 0...formingPerBar {
                let closed = step == formingPerBar
                for s in 0..<symbols {
                    if ranges.count == frames { break outer }
                    var f = bar[s]
                    let progress = Double(step + 1) / Double(formingPerBar + 1)
                    f.close = closed ? f.target
                        : (f.open + (f.target - f.open) * progress) * (1 + (random.unit() - 0.5) * 0.002)
                    f.high = max(f.high, f.close)
                    f.low = min(f.low, f.close)
                    f.volume = f.totalVolume * progress
                    bar[s] = f
                    if closed { lastClose[s] = f.close }
                    tradeID += 37
                    let eventTime = openTime + Int64(step + 1) * 60_000 / Int64(formingPerBar + 1) - (closed ? 1 : 0)
                    let frame = #"{"stream":"\#(streams[s])","data":{"e":"kline","E":\#(eventTime),"s":"\#(names[s])","k":{"t":\#(openTime),"T":\#(openTime + 59_999),"s":"\#(names[s])","i":"1m","f":\#(tradeID - 36),"L":\#(tradeID),"o":"\#(Self.decimal(f.open))","c":"\#(Self.decimal(f.close))","h":"\#(Self.decimal(f.high))","l":"\#(Self.decimal(f.low))","v":"\#(Self.decimal(f.volume))","n":\#(37 * (step + 1)),"x":\#(closed),"q":"\#(Self.decimal(f.volume * f.close))","V":"\#(Self.decimal(f.volume / 2))","Q":"\#(Self.decimal(f.volume * f.close / 2))","B":"0"}}}"#
                    let start = buffer.count
                    buffer.append(contentsOf: frame.utf8)
                    ranges.append(start..<buffer.count)
                }
            }
        }
    }

    /// Binance's shape: 8 decimals.
    private static func decimal(_ x: Double) -> String {
        let mantissa = Int64((x * 1e8).rounded())
        let text = String(mantissa)
        let padded = String(repeating: "0", count: max(0, 9 - text.count)) + text
        return padded.dropLast(8) + "." + padded.suffix(8)
    }
}
