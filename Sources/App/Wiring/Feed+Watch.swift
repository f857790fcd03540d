import ArgumentParser
import Foundation
import MarketModel

extension Feed {
    /// Checks the symbols against the venue's list (a mistyped one is one sentence on stderr)
    /// and follows the candles of every listed one; exit code 2 when none is listed.
    func watch(symbols: [Symbol], intervals: [Interval], demo: Bool) async throws -> [Symbol] {
        var symbols = symbols
        if let listed = await SymbolCheck.listedSymbols(feed: self) {
            let outcome = SymbolCheck.check(symbols, listed: listed, venue: SymbolCheck.venueName(demo: demo))
            for sentence in outcome.sentences {
                FileHandle.standardError.write(Data("thebot: \(sentence)\n".utf8))
            }
            guard !outcome.listed.isEmpty else {
                await shutdown()
                throw ExitCode(2)
            }
            symbols = outcome.listed
        }
        for symbol in symbols {
            for interval in intervals {
                await manager.watchCandles(symbol: symbol, interval: interval)
            }
        }
        return symbols
    }
}
