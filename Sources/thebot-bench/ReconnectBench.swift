import AsyncHTTPClient
import Binance
import Foundation
import MarketData
import MarketModel
import NIOPosix
import Simulator

/// Time from a dropped connection to live again, and to the backfill of what was missed being
/// complete, against the simulator on loopback (3 symbols x 1m, speed 60).
enum ReconnectBench {
    static func run(drops: Int = 20) -> [String] {
        let result = LockedLines()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                result.set(try await measure(drops: drops))
            } catch {
                result.set(["reconnect failed: \(error)"])
            }
            done.signal()
        }
        done.wait()
        return result.get()
    }

    static func measure(drops: Int) async throws -> [String] {
        var options = SimulatorOptions()
        options.seed = 9
        options.speed = 60
        options.historyDays = 1
        let sim = SimulatedExchange(options: options)
        let port = try await sim.start()
        let restOptions = BinanceHistory.restOptions(baseURL: "http://127.0.0.1:\(port)")
        let http = HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton),
                              configuration: RestClient.httpClientConfiguration(for: restOptions))
        let rest = RestClient(options: restOptions, httpClient: http)
        let manager = StreamManager(
            // Each drop is measured as an isolated outage: a connection live for a second counts as
            // stable here, so every drop starts with the immediate first retry. (In production a
            // connection must stay up a minute before the backoff resets.)
            options: StreamManagerOptions(endpoint: WebSocketEndpoint(secure: false, host: "127.0.0.1", port: port),
                                          historyBars: 500, stableAfter: 1),
            venue: BinanceVenue(), history: BinanceHistory(rest: rest))
        let pump = Task { for await _ in manager.updates {} }
        for s in ["BTCUSDT", "ETHUSDT", "SOLUSDT"] {
            await manager.watchCandles(symbol: Symbol(s)!, interval: .m1)
        }
        await manager.start()
        while true {
            let h = await manager.health()
            if h.state == .live && h.backfilling == 0 { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        var toLive: [Double] = []
        var toBackfilled: [Double] = []
        for _ in 0..<drops {
            try await Task.sleep(nanoseconds: 1_500_000_000)
            let before = await manager.health().reconnects
            let t0 = monotonicSeconds()
            sim.apply(.dropAllNow)
            var live: Double?
            while true {
                let h = await manager.health()
                let now = monotonicSeconds()
                if live == nil, h.reconnects > before, h.state == .live { live = now - t0 }
                if let l = live {
                    if h.backfilling == 0 {
                        toLive.append(l)
                        toBackfilled.append(now - t0)
                        break
                    }
                }
                if now - t0 > 30 { break }
                try await Task.sleep(nanoseconds: 1_000_000)
            }
        }
        await manager.stop()
        pump.cancel()
        try? await http.shutdown()
        await sim.stop()
        func line(_ name: String, _ values: [Double]) -> String {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return "\(name) no samples" }
            let median = sorted[sorted.count / 2] * 1000
            let p90 = sorted[min(sorted.count - 1, sorted.count * 9 / 10)] * 1000
            return String(format: "%@ ms median=%.1f p90=%.1f max=%.1f n=%d", name, median, p90, sorted.last! * 1000, sorted.count)
        }
        return [line("reconnect.drop_to_live", toLive), line("reconnect.drop_to_backfilled", toBackfilled)]
    }
}

/// Lines handed from the benchmark task back to the synchronous main.
final class LockedLines: @unchecked Sendable {
    // Safe: `lines` is only touched under `lock`.
    private var lines: [String] = []
    private let lock = NSLock()
    func set(_ value: [String]) { lock.lock(); lines = value; lock.unlock() }
    func get() -> [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
