import Binance
import Foundation
import MarketModel

/// Kline frames decoded per CPU-second of one thread: the byte-level `StreamDecoder` against
/// Foundation's JSONDecoder with plain Codable structs, on the same frames (the real 2020
/// BTCUSDT kline frame with its numbers varied per frame so nothing is cached by accident).
///
/// `DECODER_FRAMES_OUT=path` also writes the frames decoded here, one per line, to that file
/// (before any timing), for the Python peer `Benchmarks/peer/decode_peer.py`, which times
/// `orjson.loads` on them on the same footing: one thread, CPU time, median of passes.
/// `DECODER_FRAMES` sets the number of frames (default 200 000); `DECODER_FOUNDATION=0` skips the
/// JSONDecoder comparison (`make bench` compares with orjson instead).
enum DecoderBench {
    static func run(frames: Int = ProcessInfo.processInfo.environment["DECODER_FRAMES"].flatMap { Int($0) }.map { max(1, $0) } ?? 200_000,
                    runs: Int = 5) -> [String] {
        let (buffer, ranges) = makeFrames(count: frames)
        var written: [String] = []
        if let path = ProcessInfo.processInfo.environment["DECODER_FRAMES_OUT"], !path.isEmpty {
            written.append(writeFrames(buffer, ranges, to: path))
        }
        let datas = ranges.map { Data(buffer[$0]) }

        var checksum: Int64 = 0
        let scanner = medianRate(runs: runs, count: frames) {
            var decoder = StreamDecoder()
            var sum: Int64 = 0
            buffer.withUnsafeBytes { all in
                for range in ranges {
                    let frame = UnsafeRawBufferPointer(rebasing: all[range])
                    if case .event(.candle(let c))? = try? decoder.decode(frame) {
                        sum &+= c.openTime &+ Int64(truncatingIfNeeded: c.close.mantissa)
                    }
                }
            }
            checksum = sum
        }
        let scannerSum = checksum

        let withFoundation = ProcessInfo.processInfo.environment["DECODER_FOUNDATION"] != "0"
        let foundation = medianRate(runs: withFoundation ? runs : 0, count: frames) {
            let decoder = JSONDecoder()
            var sum: Int64 = 0
            for data in datas {
                if let frame = try? decoder.decode(BenchKlineFrame.self, from: data) {
                    sum &+= frame.data.k.t &+ Int64(frame.data.k.c.utf8.count)
                }
            }
            checksum = sum
        }

        let ratio = foundation.median > 0 ? scanner.median / foundation.median : 0
        let comparison = withFoundation ? [
            "decoder.kline.jsondecoder msgs/s median=\(Int(foundation.median)) runs=\(foundation.all.map { Int($0) }) frames=\(frames) clock=thread-cpu check=\(checksum)",
            "decoder.kline.ratio bytescanner/jsondecoder=\(String(format: "%.1f", ratio))x",
        ] : []
        return written + [
            "decoder.kline.bytescanner msgs/s median=\(Int(scanner.median)) runs=\(scanner.all.map { Int($0) }) frames=\(frames) clock=thread-cpu check=\(scannerSum)",
        ] + comparison + [
            // The same figure as `name value` lines, named like the peer's `orjson_frames_per_s`
            // and `orjson_ns_per_frame`: one thread, CPU time, median of the passes.
            "decoder_kline_frames_per_s \(Int(scanner.median))",
            "decoder_kline_ns_per_frame \(String(format: "%.1f", 1e9 / max(scanner.median, 1e-9)))",
            "decoder_kline_frames \(frames)",
        ]
    }

    /// Every frame followed by a newline (a frame holds none), written whole.
    private static func writeFrames(_ buffer: [UInt8], _ ranges: [Range<Int>], to path: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(buffer.count + ranges.count)
        for range in ranges {
            out.append(contentsOf: buffer[range])
            out.append(UInt8(ascii: "\n"))
        }
        do {
            try Data(out).write(to: URL(fileURLWithPath: path))
            return "decoder.kline.frames_out \(ranges.count) frames, \(out.count) bytes to \(path)"
        } catch {
            return "decoder.kline.frames_out failed: \(error)"
        }
    }

    /// Rates use the thread's CPU time: the bench box is shared, and wall time would count the
    /// moments another process held the core.
    private static func medianRate(runs: Int, count: Int, _ body: () -> Void) -> (median: Double, all: [Double]) {
        var rates: [Double] = []
        for _ in 0..<runs {
            let start = threadCPUSeconds()
            body()
            rates.append(Double(count) / max(threadCPUSeconds() - start, 1e-9))
        }
        return (rates.isEmpty ? 0 : rates.sorted()[rates.count / 2], rates)
    }

    private static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// One contiguous buffer holding every frame, so the scanner reads them in place.
    private static func makeFrames(count: Int) -> ([UInt8], [Range<Int>]) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(count * 340)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(count)
        func decimal(_ mantissa: Int64) -> String {
            let text = String(mantissa)
            let padded = String(repeating: "0", count: max(0, 9 - text.count)) + text
            return padded.dropLast(8) + "." + padded.suffix(8)
        }
        for i in 0..<Int64(count) {
            let open = 1_043_732_000_000 + (i * 7919) % 50_000_000_000
            let close = open + (i * 104_729) % 900_000_000 - 450_000_000
            let high = max(open, close) + (i % 97) * 1_000_000
            let low = min(open, close) - (i % 89) * 1_000_000
            let t = 1_601_630_220_000 + i * 60_000
            let frame = #"{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":\#(t + 8469),"s":"BTCUSDT","k":{"t":\#(t),"T":\#(t + 59_999),"s":"BTCUSDT","i":"1m","f":\#(427_033_476 + i * 183),"L":\#(427_033_658 + i * 183),"o":"\#(decimal(open))","c":"\#(decimal(close))","h":"\#(decimal(high))","l":"\#(decimal(low))","v":"\#(decimal(2_063_957_400 + i * 13))","n":\#(183 + i % 1000),"x":\#(i % 30 == 29),"q":"\#(decimal(21_545_269_236_872 + i * 7))","V":"\#(decimal(1_931_210_700 + i))","Q":"\#(decimal(20_159_399_488_069 + i * 3))","B":"0"}}}"#
            let start = buffer.count
            buffer.append(contentsOf: frame.utf8)
            ranges.append(start..<buffer.count)
        }
        return (buffer, ranges)
    }
}

/// The Codable side of the comparison: every field of the frame, prices as String.
struct BenchKlineFrame: Decodable {
    struct Payload: Decodable {
        let e: String
        let E: Int64
        let s: String
        let k: Kline
    }

    struct Kline: Decodable {
        let t: Int64
        let T: Int64
        let s: String
        let i: String
        let f: Int64
        let L: Int64
        let o: String
        let c: String
        let h: String
        let l: String
        let v: String
        let n: Int64
        let x: Bool
        let q: String
        let V: String
        let Q: String
        let B: String
    }

    let stream: String
    let data: Payload
}
