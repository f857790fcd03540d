import Foundation
import MarketData
import MarketModel
import Signals

/// The monitor's signal history and notifiers, wired so that every signal is committed to
/// SQLite before anything shows it. The rules themselves run in the series store.
final class SignalDesk: Sendable {
    let recorder: SignalRecorder
    let notifier: SignalNotifier

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

    init(recorder: SignalRecorder, notifier: SignalNotifier) {
        self.recorder = recorder
        self.notifier = notifier
    }
}
