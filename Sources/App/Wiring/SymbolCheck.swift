import Foundation
import Binance
import MarketData
import MarketModel

/// Symbols checked against the exchange's instrument list before anything subscribes: a
/// mistyped one is left out with one sentence, and everything else goes live. (An exchange
/// answers a connection URL naming an unknown stream with HTTP 400, so one bad name would
/// otherwise keep the whole connection down.)
enum SymbolCheck {
    struct Outcome: Equatable {
        var listed: [Symbol]
        /// One sentence per symbol left out.
        var sentences: [String]
    }

    /// Splits `symbols` into those on `listed` and a sentence for each of the others.
    static func check(_ symbols: [Symbol], listed: Set<String>, venue: String) -> Outcome {
        var outcome = Outcome(listed: [], sentences: [])
        for symbol in symbols {
            if listed.contains(symbol.name) {
                outcome.listed.append(symbol)
            } else if let guess = nearest(symbol.name, in: listed) {
                outcome.sentences.append("\(symbol.name) is not listed on \(venue); did you mean \(guess)?")
            } else {
                outcome.sentences.append("\(symbol.name) is not listed on \(venue).")
            }
        }
        return outcome
    }

    /// The listed name closest to `name` (transposed, missing, extra or changed letters), if
    /// one is within two edits; ties go to the alphabetically first.
    static func nearest(_ name: String, in listed: Set<String>) -> String? {
        var best: (distance: Int, name: String)?
        for candidate in listed where abs(candidate.count - name.count) <= 2 {
            let d = editDistance(Array(name.utf8), Array(candidate.utf8))
            guard d <= 2 else { continue }
            if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.name) {
                best = (d, candidate)
            }
        }
        return best?.name
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbours each cost one (BTCUSTD → BTCUSDT is one).
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }

    /// The exchange's trading symbols, or nil when the list could not be had within `timeout`
    /// seconds (then nothing is left out: the feed still works, as it did before the check).
    static func listedSymbols(feed: Feed, timeout: Double = 10) async -> Set<String>? {
        let history = feed.history
        return await withTaskGroup(of: Set<String>?.self) { group in
            group.addTask {
                guard let instruments = try? await history.instruments() else { return nil }
                return Set(instruments.filter(\.isTrading).map(\.symbol.name))
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// The venue's name in a sentence.
    static func venueName(demo: Bool) -> String {
        demo ? "the simulated exchange" : "Binance"
    }
}
