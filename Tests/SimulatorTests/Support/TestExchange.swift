import Foundation
import MarketModel
@testable import Simulator

/// 2024-03-01T06:00:00Z: a leap-year month boundary lies inside a short history.
let testStart: Int64 = 1_709_272_800_000

func testOptions(seed: UInt64 = 1, speed: Double = 1, historyDays: Int = 1,
                 start: Int64 = testStart) -> SimulatorOptions {
    var options = SimulatorOptions()
    options.seed = seed
    options.speed = speed
    options.historyDays = historyDays
    options.startTime = start
    return options
}

/// Starts an exchange on an ephemeral loopback port.
func startExchange(_ options: SimulatorOptions) async throws -> (SimulatedExchange, Int) {
    let exchange = SimulatedExchange(options: options)
    let port = try await exchange.start()
    return (exchange, port)
}

/// Decodes a JSON text with Foundation, independent of the simulator's own code.
func jsonObject(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
}

func waitUntil(_ what: String, timeout: Double = 10, _ condition: () -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return }
        try await Task.sleep(nanoseconds: 20_000_000)
    }
    throw TestWebSocket.Failure.timeout(what)
}

/// A kline frame's candle, decoded field by field with Foundation and the model's decimals.
struct KlineFrame {
    var openTime: Int64
    var closeTime: Int64
    var interval: String
    var open, high, low, close, volume: ExactDecimal
    var trades: Int64
    var closed: Bool

    init?(_ object: [String: Any]) {
        guard object["e"] as? String == "kline", let k = object["k"] as? [String: Any],
              let t = k["t"] as? Int, let T = k["T"] as? Int, let i = k["i"] as? String,
              let o = (k["o"] as? String).flatMap({ ExactDecimal($0) }), let h = (k["h"] as? String).flatMap({ ExactDecimal($0) }),
              let l = (k["l"] as? String).flatMap({ ExactDecimal($0) }), let c = (k["c"] as? String).flatMap({ ExactDecimal($0) }),
              let v = (k["v"] as? String).flatMap({ ExactDecimal($0) }), let n = k["n"] as? Int, let x = k["x"] as? Bool
        else { return nil }
        openTime = Int64(t)
        closeTime = Int64(T)
        interval = i
        open = o
        high = h
        low = l
        close = c
        volume = v
        trades = Int64(n)
        closed = x
    }

    func matches(_ candle: Candle) -> Bool {
        openTime == candle.openTime && closeTime == candle.closeTime && open == candle.open && high == candle.high
            && low == candle.low && close == candle.close && volume == candle.volume && trades == candle.trades
    }
}
