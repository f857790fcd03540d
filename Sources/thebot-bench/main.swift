// thebot-bench: throughput and latency benchmarks, printed as `name value` lines.
// Run with `make bench` (release); record results with the machine and the command in BENCHMARKS.md.
// `thebot-bench decoder` runs one section; KLINE_STREAM=path points the pipeline section at
// a kline_stream.jsonl file.
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let only = arguments.first { !$0.hasPrefix("-") }

func section(_ name: String, _ body: () -> [String]) {
    if let only, only != name { return }
    print("## \(name)")
    for line in body() { print(line) }
    fflush(nil)
}

section("decoder") { DecoderBench.run() }
section("indicators") { IndicatorBench.run(klineStreamPath: ProcessInfo.processInfo.environment["KLINE_STREAM"]) }
section("pipeline") { PipelineBench.run(klineStreamPath: PipelineBench.defaultKlineStreamPath) }
section("frame") { FrameBench.run() }
section("signals") { SignalBench.run() }
section("reconnect") { ReconnectBench.run() }
section("signal-latency") { SignalLatencyBench.run() }
