import Foundation
import MarketData
import MarketModel
import Signals

/// Rules, the aggregator and, for the monitor, the store and the notifiers, wired so that every
/// signal is committed to SQLite before anything shows it.
final class SignalDesk: Sendable {
    let recorder: SignalRecorder?
    let notifier: SignalNotifier?
    private let aggregator: Locked<SignalAggregator>
    private let scratch = Locked<[Signal]>([])

    /// The rules: the built-in set (in the configured evaluation mode and cooldown) and the
    /// user's `[[rules]]`. A bad user rule is one sentence naming it.
    static func rules(config: AppConfig) throws -> [SignalRule] {
        let mode: RuleEvaluation = config.alerts.evaluate == "intrabar" ? .intrabar : .onClose
        let cooldown = max(1, config.alerts.cooldownBars)
        var rules: [SignalRule] = []
        for rule in SignalRule.defaults {
            rules.append(try SignalRule(name: rule.name, kind: rule.kind, evaluation: mode, cooldownBars: cooldown))
        }
        for user in config.rules {
            do {
                rules.append(try SignalRule.expression(name: user.name, user.expression,
                                                       evaluation: user.intrabar ? .intrabar : .onClose,
                                                       cooldownBars: cooldown))
            } catch {
                throw UserError("\(error)")
            }
        }
        return rules
    }

    /// Detection only (no store, no notifications): `thebot stream --json`.
    init(rules: [SignalRule]) {
        aggregator = Locked(SignalAggregator(rules: rules))
        recorder = nil
        notifier = nil
    }

    init(rules: [SignalRule], recorder: SignalRecorder, notifier: SignalNotifier) {
        aggregator = Locked(SignalAggregator(rules: rules))
        self.recorder = recorder
        self.notifier = notifier
    }

    /// Evaluates the rules on one candle update. History loaded at start-up warms the rules up
    /// without firing; a bar backfilled after a reconnect still fires when it is recent.
    func evaluate(_ candle: Candle, backfilled: Bool, nowMs: Int64) -> [Signal] {
        let recent = nowMs - candle.closeTime <= 2 * candle.interval.nominalMilliseconds
        let emit = !backfilled || recent
        return aggregator.withLock { agg in
            var out: [Signal] = []
            agg.update(candle, eventTime: backfilled ? nil : nowMs, emit: emit, into: &out)
            return out
        }
    }

    func consensus(for symbols: [Symbol], nowMs: Int64) -> [Symbol: ConsensusLevel] {
        aggregator.withLock { agg in
            var result: [Symbol: ConsensusLevel] = [:]
            for s in symbols { result[s] = agg.consensus(for: s, at: nowMs).level }
            return result
        }
    }
}
