import Foundation
import MarketModel

/// The watchlist's one-word summary of recent signals on a symbol.
public enum ConsensusLevel: String, Sendable, Hashable, CaseIterable {
    case strongBuy, buy, neutral, sell, strongSell

    public var label: String {
        switch self {
        case .strongBuy: "STRONG BUY"
        case .buy: "BUY"
        case .neutral: "NEUTRAL"
        case .sell: "SELL"
        case .strongSell: "STRONG SELL"
        }
    }
}

public struct Consensus: Sendable, Hashable {
    public var level: ConsensusLevel
    /// Σ direction × strength × 2^(−age / half-life) over the recent signals.
    public var score: Double
    /// Signals that still count (younger than `ConsensusSettings.horizon`).
    public var signalCount: Int
}

public struct ConsensusSettings: Sendable, Hashable {
    /// A signal's weight halves every `halfLife` ms.
    public var halfLife: Int64
    /// |score| at or above this leans buy/sell.
    public var leanThreshold: Double
    /// |score| at or above this is a strong buy/sell.
    public var strongThreshold: Double
    /// Signals per symbol kept for scoring; older ones are forgotten first.
    public var depth: Int

    public init(halfLife: Int64 = 15 * 60_000, leanThreshold: Double = 0.4, strongThreshold: Double = 1.2, depth: Int = 32) {
        self.halfLife = max(1, halfLife)
        self.leanThreshold = leanThreshold
        self.strongThreshold = strongThreshold
        self.depth = max(1, depth)
    }

    /// Past four half-lives a signal weighs under 1/16 and is dropped.
    public var horizon: Int64 { 4 * halfLife }
}

/// Decaying per-symbol consensus of signal directions and strengths.
public struct SignalConsensus: Sendable {
    public let settings: ConsensusSettings
    private var recent: [Symbol: [(time: Int64, weight: Double)]] = [:]

    public init(settings: ConsensusSettings = ConsensusSettings()) {
        self.settings = settings
    }

    public mutating func record(_ signal: Signal) {
        let weight = signal.direction.sign * signal.strength
        recent[signal.symbol, default: []].append((signal.time, weight))
        if recent[signal.symbol]!.count > settings.depth {
            recent[signal.symbol]!.removeFirst()
        }
    }

    public func consensus(for symbol: Symbol, at now: Int64) -> Consensus {
        var score = 0.0
        var count = 0
        for entry in recent[symbol] ?? [] {
            let age = max(0, now - entry.time)
            guard age < settings.horizon else { continue }
            score += entry.weight * exp2(-Double(age) / Double(settings.halfLife))
            count += 1
        }
        let level: ConsensusLevel
        switch score {
        case settings.strongThreshold...: level = .strongBuy
        case settings.leanThreshold...: level = .buy
        case ...(-settings.strongThreshold): level = .strongSell
        case ...(-settings.leanThreshold): level = .sell
        default: level = .neutral
        }
        return Consensus(level: level, score: score, signalCount: count)
    }
}
