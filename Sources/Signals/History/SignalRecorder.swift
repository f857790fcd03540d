import Dispatch
import Foundation
import MarketModel

/// The one door between detection and display: every signal is committed to the store
/// first, and only then handed on (history pane, notifier, UI).
///
/// `record` never touches the disk on the caller's thread: signals queue up, and a writer
/// takes everything queued so far, commits it in one transaction, then calls `onCommitted`
/// with that batch. Under a burst, batches grow while the previous commit runs, so the
/// store keeps up with thousands of signals a second while the order "stored, then shown"
/// still holds for each one.
public final class SignalRecorder: Sendable {
    public let store: SignalStore

    private struct State {
        var pending: [Signal] = []
        var draining = false
        var history: SignalHistory
        var committed = 0
        var failedBatches = 0
    }

    private let state: Locked<State>
    private let queue = DispatchQueue(label: "thebot.signals.writer", qos: .utility)
    private let onCommitted: @Sendable ([Signal]) -> Void
    private let onError: @Sendable (SignalStoreError) -> Void
    private let retentionDays: Int?

    /// - Parameters:
    ///   - historyCapacity: signals kept in memory for the pane (filled from the store now).
    ///   - retentionDays: when set, older signals are deleted now and every hour.
    ///   - onError: a failed write or retention run. A batch the store refused is still
    ///     delivered after `onError`: a trader would rather see an unsaved signal than none.
    ///   - onCommitted: called on the writer's queue with each committed batch, in order.
    public init(store: SignalStore, historyCapacity: Int = 100, retentionDays: Int? = nil,
                onError: @escaping @Sendable (SignalStoreError) -> Void = { _ in },
                onCommitted: @escaping @Sendable ([Signal]) -> Void) throws(SignalStoreError) {
        self.store = store
        self.onCommitted = onCommitted
        self.onError = onError
        self.retentionDays = retentionDays
        if let days = retentionDays { try store.applyRetention(days: days) }
        let recent = try store.recent(limit: historyCapacity)
        state = Locked(State(history: SignalHistory(capacity: historyCapacity, signals: recent)))
        if retentionDays != nil { scheduleRetention() }
    }

    /// Queues signals for storage; returns at once.
    public func record(_ signals: [Signal]) {
        guard !signals.isEmpty else { return }
        let startDrain = state.withLock { s in
            s.pending.append(contentsOf: signals)
            if s.draining { return false }
            s.draining = true
            return true
        }
        if startDrain { queue.async { self.drain() } }
    }

    public func record(_ signal: Signal) { record([signal]) }

    /// The in-memory history (stored signals only), oldest first.
    public var recent: [Signal] { state.withLock { $0.history.signals } }

    /// Signals committed since start.
    public var committedCount: Int { state.withLock { $0.committed } }

    /// Blocks until every signal recorded before the call is committed and delivered
    /// (for shutdown and tests).
    public func flush() {
        queue.sync {}
    }

    private func drain() {
        while true {
            let batch: [Signal] = state.withLock { s in
                if s.pending.isEmpty {
                    s.draining = false
                    return []
                }
                let b = s.pending
                s.pending.removeAll(keepingCapacity: true)
                return b
            }
            if batch.isEmpty { return }
            var failed = false
            do {
                try store.append(contentsOf: batch)
            } catch {
                failed = true
                onError(error)
            }
            state.withLock { s in
                s.history.append(contentsOf: batch)
                s.committed += failed ? 0 : batch.count
                s.failedBatches += failed ? 1 : 0
            }
            onCommitted(batch)
        }
    }

    private func scheduleRetention() {
        queue.asyncAfter(deadline: .now() + 3600) { [weak self] in
            guard let self, let days = self.retentionDays else { return }
            do throws(SignalStoreError) {
                try self.store.applyRetention(days: days)
            } catch {
                self.onError(error)
            }
            self.scheduleRetention()
        }
    }
}
