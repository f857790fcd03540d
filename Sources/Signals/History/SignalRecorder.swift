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
///
/// A batch the store refuses is never handed on as stored: it goes to `onUnsaved` (to be shown
/// marked as not saved), the journal holds it and retries with backoff, and once it is written
/// `onSaved` gets it, oldest first; `onStatus` says when the history starts and stops failing.
public final class SignalRecorder: Sendable {
    public let store: SignalStore
    /// The writer that holds and retries what the store refused.
    public let journal: SignalJournal

    private struct State {
        var pending: [Signal] = []
        var draining = false
        var history: SignalHistory
        var committed = 0
        var failedBatches = 0
    }

    private let state: Locked<State>
    private let queue: DispatchQueue
    private let onCommitted: @Sendable ([Signal]) -> Void
    private let onUnsaved: @Sendable ([Signal]) -> Void
    private let onError: @Sendable (SignalStoreError) -> Void
    private let retentionDays: Int?

    /// - Parameters:
    ///   - historyCapacity: signals kept in memory for the pane (filled from the store now).
    ///   - retentionDays: when set, older signals are deleted now and every hour.
    ///   - onError: a failed write (once, when writes start failing) or retention run.
    ///   - onStatus: the history started failing (with the sentence to show) or works again.
    ///   - onUnsaved: a batch the store refused, to be shown marked as not saved.
    ///   - onSaved: signals `onUnsaved` had, now stored, oldest first.
    ///   - onCommitted: called on the writer's queue with each committed batch, in order.
    public init(store: SignalStore, historyCapacity: Int = 100, retentionDays: Int? = nil,
                retryInitial: Double = 0.5, retryCap: Double = 30,
                onError: @escaping @Sendable (SignalStoreError) -> Void = { _ in },
                onStatus: @escaping @Sendable (SignalJournal.Status) -> Void = { _ in },
                onUnsaved: @escaping @Sendable ([Signal]) -> Void = { _ in },
                onSaved: @escaping @Sendable ([Signal]) -> Void = { _ in },
                onCommitted: @escaping @Sendable ([Signal]) -> Void) throws(SignalStoreError) {
        self.store = store
        self.onCommitted = onCommitted
        self.onUnsaved = onUnsaved
        self.onError = onError
        self.retentionDays = retentionDays
        if let days = retentionDays { try store.applyRetention(days: days) }
        let recent = try store.recent(limit: historyCapacity)
        let state = Locked(State(history: SignalHistory(capacity: historyCapacity, signals: recent)))
        self.state = state
        let queue = DispatchQueue(label: "thebot.signals.writer", qos: .utility)
        self.queue = queue
        journal = SignalJournal(store: store, retryInitial: retryInitial, retryCap: retryCap, onError: onError,
                                onStatus: onStatus,
                                onRecovered: { batch in
                                    state.withLock { s in
                                        s.history.append(contentsOf: batch)
                                        s.committed += batch.count
                                    }
                                    // On the writer's queue, so a batch's `onUnsaved` always
                                    // comes before its `onSaved`.
                                    queue.async { onSaved(batch) }
                                })
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

    /// Signals the store refused and the journal still holds, oldest first.
    public var unsaved: [Signal] { journal.unsaved }

    /// Blocks until every signal recorded before the call is committed (or, when the store
    /// refuses it, held) and delivered (for shutdown and tests).
    public func flush() {
        queue.sync {}
    }

    /// Shutdown: flushes, then makes one last attempt to store what the journal holds; returns
    /// how many signals stay unsaved.
    @discardableResult
    public func close() -> Int {
        flush()
        journal.stop()
        journal.retryNow()
        flush()
        return journal.unsaved.count
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
            let stored = journal.write(batch)
            state.withLock { s in
                if stored { s.history.append(contentsOf: batch) }
                s.committed += stored ? batch.count : 0
                s.failedBatches += stored ? 0 : 1
            }
            if stored { onCommitted(batch) } else { onUnsaved(batch) }
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
