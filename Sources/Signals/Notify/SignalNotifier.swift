import Dispatch
import Foundation
import MarketModel

/// Tells the user about stored signals: toasts and modals for the UI, the bell and OSC 9 /
/// OSC 777 desktop notifications through the terminal, `notify_command` and the webhook.
///
/// Call `notify(_:)` with the batches a `SignalRecorder` hands to `onCommitted`, so nothing is
/// announced before it is stored. Bursts are coalesced: past `burstLimit` signals in a second,
/// the rest are counted into one "N more signals" toast / desktop notification at the end of
/// that second (the command and the webhook receive the individually announced signals only;
/// the store has them all).
///
/// `terminal` receives raw bytes to write to the tty: route it through the UI thread, which
/// owns the terminal. `present` receives toasts and modals for the UI to draw. Both may be
/// called from any thread.
public final class SignalNotifier: Sendable {
    private let settingsState: Locked<NotificationSettings>
    private let gate: Locked<BurstGate>
    private let flushScheduled = Locked(false)
    private let tmux: Bool
    private let terminal: @Sendable ([UInt8]) -> Void
    private let present: @Sendable (SignalPresentation) -> Void
    private let clock: @Sendable () -> Int64
    private let command: CommandNotifier?
    private let webhook: WebhookNotifier?

    /// - Parameters:
    ///   - environment: read once for `$TMUX` (OSC sequences are then wrapped for passthrough).
    ///   - clock: epoch ms, injectable for tests.
    ///   - log: failures of the command and the webhook.
    public init(settings: NotificationSettings,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                clock: @escaping @Sendable () -> Int64 = { SignalStore.nowMilliseconds() },
                log: @escaping @Sendable (String) -> Void = { _ in },
                terminal: @escaping @Sendable ([UInt8]) -> Void,
                present: @escaping @Sendable (SignalPresentation) -> Void) {
        settingsState = Locked(settings)
        gate = Locked(BurstGate(limit: settings.burstLimit))
        tmux = TerminalAlert.insideTmux(environment)
        self.terminal = terminal
        self.present = present
        self.clock = clock
        command = settings.command.map {
            CommandNotifier(command: $0, timeout: settings.commandTimeout, log: log)
        }
        webhook = settings.webhookURL.map { url in
            // The URL's path and query are often its token: the log names the host only.
            let secrets = Redaction.secrets(of: url)
            let host = Redaction.url(url)
            return WebhookNotifier(url: url, maxAttempts: settings.webhookAttempts, initialBackoff: settings.webhookBackoff,
                                   log: { log(Redaction.scrub($0, secrets: secrets) + " (webhook \(host))") })
        }
    }

    public var settings: NotificationSettings { settingsState.withLock { $0 } }

    public func isEnabled(_ channel: NotificationChannel) -> Bool {
        settingsState.withLock { $0.enabled.contains(channel) }
    }

    public func setEnabled(_ channel: NotificationChannel, _ on: Bool) {
        settingsState.withLock { s in
            if on { s.enabled.insert(channel) } else { s.enabled.remove(channel) }
        }
    }

    /// Flips a channel (for its key binding); returns whether it is now on.
    @discardableResult
    public func toggle(_ channel: NotificationChannel) -> Bool {
        settingsState.withLock { s in
            if s.enabled.contains(channel) {
                s.enabled.remove(channel)
                return false
            }
            s.enabled.insert(channel)
            return true
        }
    }

    /// Announces stored signals, coalescing bursts.
    public func notify(_ signals: [Signal]) {
        let settings = self.settings
        for signal in signals {
            let now = clock()
            let (summary, admitted) = gate.withLock { g in
                let summary = g.takeSummary(now: now)
                return (summary, g.admit(symbol: signal.symbol.name, now: now))
            }
            if let summary { announce(summary, settings: settings, now: now) }
            if admitted {
                announce(signal, settings: settings, now: now)
            } else {
                scheduleSummary()
            }
        }
    }

    /// Announces the feed failing or recovering, once per change, on every enabled channel:
    /// a toast, the bell, OSC 9 / 777, the command and the webhook (with `alert.jsonLine`).
    /// Never coalesced or held: these are rare and each one matters.
    public func announce(_ alert: FeedAlert) {
        let settings = self.settings
        let on = settings.enabled
        let now = clock()
        let title = alert.state == .down ? "Feed down" : "Feed recovered"
        if on.contains(.toast) {
            present(.toast(SignalToast(title: title, body: TerminalText.sanitized(alert.message),
                                       direction: alert.state == .down ? .bearish : .bullish, createdAt: now,
                                       expiresAt: now + Int64(settings.toastSeconds * 1000), signalID: nil, count: 1)))
        }
        var bytes: [UInt8] = []
        if on.contains(.bell) { bytes += TerminalAlert.bell }
        if on.contains(.osc9) { bytes += TerminalAlert.osc9("thebot: \(alert.message)", tmux: tmux) }
        if on.contains(.osc777) { bytes += TerminalAlert.osc777(title: "thebot \(title)", body: alert.message, tmux: tmux) }
        if !bytes.isEmpty { terminal(bytes) }
        let json = Data(alert.jsonLine.utf8)
        if on.contains(.command) { command?.run(input: json) }
        if on.contains(.webhook) { webhook?.send(json) }
    }

    /// Announces the held "N more signals" summary now, if any (shutdown, tests).
    public func flushSummary() {
        let now = clock()
        if let summary = gate.withLock({ $0.takeSummary(now: now, force: true) }) {
            announce(summary, settings: settings, now: now)
        }
    }

    /// Waits for queued `notify_command` runs and webhook posts (shutdown, tests).
    public func waitUntilIdle() {
        command?.waitUntilIdle()
        webhook?.waitUntilIdle()
    }

    // MARK: - Announcing

    private func announce(_ s: Signal, settings: NotificationSettings, now: Int64) {
        let on = settings.enabled
        let headline = "\(s.symbol) \(s.interval) \(s.direction.rawValue) · \(s.rule)"
        if on.contains(.toast) {
            present(.toast(SignalToast(title: TerminalText.sanitized(headline), body: TerminalText.sanitized(s.reason),
                                       direction: s.direction, createdAt: now,
                                       expiresAt: now + Int64(settings.toastSeconds * 1000),
                                       signalID: s.id, count: 1)))
        }
        if on.contains(.modal) && s.strength >= settings.modalThreshold {
            present(.modal(SignalModal(title: TerminalText.sanitized("Strong signal: " + headline),
                                       body: TerminalText.sanitized("\(s.reason) Price \(s.price), strength \(Decimals.format(s.strength, maxDecimals: 2))."),
                                       signal: s)))
        }
        var bytes: [UInt8] = []
        if on.contains(.bell) { bytes += TerminalAlert.bell }
        if on.contains(.osc9) { bytes += TerminalAlert.osc9("thebot: \(headline): \(s.reason)", tmux: tmux) }
        if on.contains(.osc777) { bytes += TerminalAlert.osc777(title: "thebot \(headline)", body: s.reason, tmux: tmux) }
        if !bytes.isEmpty { terminal(bytes) }
        if on.contains(.command) || on.contains(.webhook) {
            let json = s.jsonData
            if on.contains(.command) { command?.run(input: json) }
            if on.contains(.webhook) { webhook?.send(json) }
        }
    }

    private func announce(_ summary: BurstGate.Summary, settings: NotificationSettings, now: Int64) {
        let on = settings.enabled
        let title = "\(summary.count) more signal\(summary.count == 1 ? "" : "s")"
        let bySymbol = summary.symbols.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let shown = bySymbol.prefix(5).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let body = bySymbol.count > 5 ? shown + " and \(bySymbol.count - 5) more symbols" : shown
        if on.contains(.toast) {
            present(.toast(SignalToast(title: title, body: TerminalText.sanitized(body), direction: .neutral,
                                       createdAt: now, expiresAt: now + Int64(settings.toastSeconds * 1000),
                                       signalID: nil, count: summary.count)))
        }
        var bytes: [UInt8] = []
        if on.contains(.osc9) { bytes += TerminalAlert.osc9("thebot: \(title) (\(body))", tmux: tmux) }
        if on.contains(.osc777) { bytes += TerminalAlert.osc777(title: "thebot: \(title)", body: body, tmux: tmux) }
        if !bytes.isEmpty { terminal(bytes) }
    }

    /// One timer per held window, so a summary appears even if no further signal arrives.
    private func scheduleSummary() {
        guard let until = gate.withLock({ $0.pendingUntil }) else { return }
        let alreadyScheduled = flushScheduled.withLock { scheduled in
            defer { scheduled = true }
            return scheduled
        }
        guard !alreadyScheduled else { return }
        let wait = max(0, Double(until - clock()) / 1000)
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + wait) { [weak self] in
            guard let self else { return }
            self.flushScheduled.withLock { $0 = false }
            let now = self.clock()
            if let summary = self.gate.withLock({ $0.takeSummary(now: now) }) {
                self.announce(summary, settings: self.settings, now: now)
            } else if self.gate.withLock({ $0.pendingUntil }) != nil {
                self.scheduleSummary()
            }
        }
    }
}
