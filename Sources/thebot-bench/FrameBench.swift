import TUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cost of composing one full 200x60 frame (500 candles, two overlays, bands, RSI and MACD
/// panes, eight watchlist rows, indicators, signals, a toast) into a Buffer, and of diffing it
/// against the previous frame (the first two lines: no painting), then of composing and painting
/// it as the monitor does (`compose_paint_200x60_*`, see `PaintBench`).
enum FrameBench {
    static func run() -> [String] {
        composeOnly() + PaintBench.run()
    }

    static func composeOnly() -> [String] {
        var state = SampleState.make(candles: 500)
        state.chart?.zoom = 500
        let renderer = MonitorRenderer(theme: .dark)
        let painter = NullPainter()
        let presenter = FramePresenter(painter: painter)
        // Warm up caches and lazy statics.
        for _ in 0..<5 { _ = renderer.render(state, width: 200, height: 60) }

        var composeNs: [UInt64] = []
        var diffNs: [UInt64] = []
        var changedCells: [Int] = []
        for i in 0..<200 {
            FrameBench.tick(&state, step: i)
            let t0 = now()
            let frame = renderer.render(state, width: 200, height: 60)
            let t1 = now()
            changedCells.append(presenter.present(frame))
            let t2 = now()
            composeNs.append(t1 - t0)
            diffNs.append(t2 - t1)
        }
        func median(_ v: [UInt64]) -> Double { Double(v.sorted()[v.count / 2]) / 1_000 }
        func p99(_ v: [UInt64]) -> Double { Double(v.sorted()[v.count * 99 / 100]) / 1_000 }
        let cells = changedCells.dropFirst().sorted()
        return [
            "frame compose 200x60, 500 candles: median \(fmt(median(composeNs))) µs, p99 \(fmt(p99(composeNs))) µs",
            "frame diff 200x60: median \(fmt(median(diffNs))) µs, p99 \(fmt(p99(diffNs))) µs, median changed cells \(cells[cells.count / 2]) of 12000",
        ]
    }

    private static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    private static func fmt(_ v: Double) -> String {
        String(Int(v.rounded()))
    }

    /// A quarter second of a live screen: the clock moves and the forming candle swings.
    static func tick(_ state: inout MonitorState, step i: Int) {
        state.nowMs += 250
        if var chart = state.chart, var last = chart.candles.last {
            last.close = i % 2 == 0 ? last.high : last.low
            chart.candles[chart.candles.count - 1] = last
            state.chart = chart
        }
    }
}

private final class NullPainter: TerminalPainter {
    func clearAll() {}
    func put(x: Int, y: Int, cell: Cell) {}
    func flush() {}
}
