import MarketData
import MarketModel

/// `stream --channels`: which of the venue's streams `stream` prints, one NDJSON line type each.
enum StreamChannel: String, CaseIterable, Sendable {
    case kline, trade, bookTicker, ticker, depth

    static let names = allCases.map(\.rawValue).joined(separator: ", ")

    /// "kline,trade" and the like; an unknown name or an empty list is one sentence.
    static func parse(_ text: String) throws -> Set<StreamChannel> {
        var result: Set<StreamChannel> = []
        for raw in text.split(separator: ",") {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard let channel = StreamChannel.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
                throw UserError("--channels: \"\(name)\" is not a channel; use one or more of \(names), comma-separated.")
            }
            result.insert(channel)
        }
        guard !result.isEmpty else { throw UserError("--channels needs at least one of \(names).") }
        return result
    }

    /// Subscribes what the channels need for these symbols (candles for every interval with
    /// `kline`, a synced order book publishing `depthLevels` a side with `depth`).
    static func watch(_ channels: Set<StreamChannel>, symbols: [Symbol], intervals: [Interval], depthLevels: Int,
                      on manager: StreamManager) async {
        for symbol in symbols {
            if channels.contains(.kline) {
                for interval in intervals { await manager.watchCandles(symbol: symbol, interval: interval) }
            }
            if channels.contains(.depth) {
                await manager.watchOrderBook(symbol: symbol, publishLevels: depthLevels)
            }
        }
        var streams: [Subscription] = []
        if channels.contains(.trade) { streams += symbols.map { .trades($0) } }
        if channels.contains(.bookTicker) { streams += symbols.map { .bookTop($0) } }
        if channels.contains(.ticker) { streams += symbols.map { .ticker($0) } }
        if !streams.isEmpty { await manager.subscribe(streams) }
    }
}
