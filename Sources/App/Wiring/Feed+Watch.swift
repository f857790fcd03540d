import ArgumentParser
import Foundation
import MarketModel

extension Feed {
    /// Follows the candles of every listed one of `symbols` (see `listed`).
    func watch(symbols: [Symbol], intervals: [Interval], demo: Bool) async throws -> [Symbol] {
        let symbols = try await listed(symbols, demo: demo)
        for symbol in symbols {
            for interval in intervals {
                await manager.watchCandles(symbol: symbol, interval: interval)
            }
        }
        return symbols
    }

    /// The symbols the venue lists (all of them when its list cannot be had); a mistyped one is
    /// one sentence on stderr, and none listed is exit code 2.
    func listed(_ symbols: [Symbol], demo: Bool) async throws -> [Symbol] {
        guard let listed = await SymbolCheck.listedSymbols(feed: self) else { return symbols }
        let outcome = SymbolCheck.check(symbols, listed: listed, venue: SymbolCheck.venueName(demo: demo))
        for sentence in outcome.sentences {
            FileHandle.standardError.write(Data("thebot: \(sentence)\n".utf8))
        }
        guard !outcome.listed.isEmpty else {
            await shutdown()
            throw ExitCode(2)
        }
        return outcome.listed
    }
}
