// thebot-bench: throughput and latency benchmarks, printed as `name value` lines.
// Run with `make bench` (release); record results with the machine and the command in BENCHMARKS.md.
// `thebot-bench decoder` runs one section; KLINE_STREAM=path points the pipeline section at
// a kline_stream.jsonl file. Each section ends with its own duration, `bench_section_wall_s`
// (wall seconds, the section's set-up included).
//
// Knobs that shorten a run (defaults in brackets): DECODER_FRAMES [200000], FRAME_PAINT_FRAMES
// [2000], FRAME_PAINT_TRUECOLOR=0, RECONNECT_DROPS [20], SIGNAL_LATENCY_FRAMES [200000],
// SIGNAL_LATENCY_PACED_FRAMES [60000, paced at SIGNAL_LATENCY_RATE 1000/s: a minute].
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let only = arguments.first { !$0.hasPrefix("-") }

func section(_ name: String, _ body: () -> [String]) {
    if let only, only != name { return }
    print("## \(name)")
    fflush(nil)
    let start = ContinuousClock.now
    let lines = body()
    let elapsed = ContinuousClock.now - start
    for line in lines { print(line) }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    print("bench_section_wall_s \(String(format: "%.2f", seconds))")
    fflush(nil)
}

section("decoder") { DecoderBench.run() }
section("indicators") { IndicatorBench.run(klineStreamPath: ProcessInfo.processInfo.environment["KLINE_STREAM"]) }
section("pipeline") { PipelineBench.run(klineStreamPath: PipelineBench.defaultKlineStreamPath) }
section("frame") { FrameBench.run() }
section("signals") { SignalBench.run() }
section("reconnect") {
    ReconnectBench.run(drops: max(1, ProcessInfo.processInfo.environment["RECONNECT_DROPS"].flatMap { Int($0) } ?? 20))
}
section("signal-latency") { SignalLatencyBench.run() }
