import Dispatch
import Foundation
import MarketModel

/// Writes signals to the store and keeps the promise "stored, then shown" when the store fails.
///
/// `write` commits a batch and says whether it is stored. When the store refuses a write (a full
/// disk, a read-only file, a lock that never clears) the batch is kept in memory, in order, and
/// every later batch queues behind it without touching the disk, so the history keeps the order
/// the signals fired in. A retry runs with bounded backoff (`retryInitial` doubling to
/// `retryCap`); when one commits, the whole queue is stored in one transaction and
/// `onRecovered` gets it. `onStatus` hears each change between working and failing, once per
/// change, never once per retry.
///
/// While the store works, batches commit on the caller's thread; while it fails, only the retry
/// touches the disk, so a caller never waits on a failing store twice.
public final class SignalJournal: Sendable {
    /// Whether the history is taking writes, with the sentence to show while it is not.
    public enum Status: Sendable, Equatable {
        case working
        case failing(String)
    }

    public let store: SignalStore
    /// Signals kept in memory while the store fails; past this, the oldest go (and are counted).
    public let unsavedLimit: Int

    private struct State {
        var unsaved: [Signal] = []
        var dropped = 0
        var failing = false
        var retryDelay: Double
        var retryScheduled = false
        var stopped = false
    }

    private let state: Locked<State>
    /// Held through each SQLite commit, so a retry and a fresh batch never interleave.
    private let writing = Locked(())
    private let retryQueue = DispatchQueue(label: "thebot.signals.retry", qos: .utility)
    private let retryInitial: Double
    private let retryCap: Double
    private let onError: @Sendable (SignalStoreError) -> Void
    private let onStatus: @Sendable (Status) -> Void
    private let onRecovered: @Sendable ([Signal]) -> Void

    /// - Parameters:
    ///   - onError: the store's own sentence, for the log: once when writes start failing.
    ///   - onStatus: `.failing(sentence)` when writes start failing, `.working` when a retry
    ///     stored everything held.
    ///   - onRecovered: the held signals, oldest first, once they are stored.
    public init(store: SignalStore, retryInitial: Double = 0.5, retryCap: Double = 30, unsavedLimit: Int = 100_000,
                onError: @escaping @Sendable (SignalStoreError) -> Void = { _ in },
                onStatus: @escaping @Sendable (Status) -> Void = { _ in },
                onRecovered: @escaping @Sendable ([Signal]) -> Void = { _ in }) {
        self.store = store
        self.retryInitial = max(0.01, retryInitial)
        self.retryCap = max(self.retryInitial, retryCap)
        self.unsavedLimit = max(1, unsavedLimit)
        self.onError = onError
        self.onStatus = onStatus
        self.onRecovered = onRecovered
        state = Locked(State(retryDelay: max(0.01, retryInitial)))
    }

    /// The sentence shown while the history fails: what failed and what happens next.
    public static func failingSentence(held: Int) -> String {
        // No count: the sentence stays up while more signals join the held ones.
        "The signal history cannot be written; new signals are held in memory, marked not saved, and retried."
    }

    /// Commits `signals`; true when they are stored. False when the store failed now or is still
    /// failing: the signals are then held and written, in order, once it works again.
    @discardableResult
    public func write(_ signals: [Signal]) -> Bool {
        guard !signals.isEmpty else { return true }
        let failing = state.withLock { s -> Bool in
            if s.failing { hold(signals, &s) }
            return s.failing
        }
        if failing { return false }
        let failure = writing.withLock { _ -> SignalStoreError? in
            do throws(SignalStoreError) {
                try store.append(contentsOf: signals)
                return nil
            } catch {
                return error
            }
        }
        guard let failure else { return true }
        let (held, started) = state.withLock { s -> (Int, Bool) in
            let started = !s.failing
            s.failing = true
            hold(signals, &s)
            return (s.unsaved.count, started)
        }
        if started {
            onError(failure)
            onStatus(.failing(Self.failingSentence(held: held)))
        }
        scheduleRetry()
        return false
    }

    /// Signals held because the store failed, oldest first.
    public var unsaved: [Signal] { state.withLock { $0.unsaved } }

    /// Held signals dropped because more than `unsavedLimit` waited.
    public var droppedCount: Int { state.withLock { $0.dropped } }

    public var isFailing: Bool { state.withLock { $0.failing } }

    /// One attempt now to store what is held (shutdown, tests); true when nothing is held after it.
    @discardableResult
    public func retryNow() -> Bool {
        retry(rescheduling: false)
    }

    /// No more scheduled retries (shutdown): a last `retryNow()` is the caller's choice.
    public func stop() {
        state.withLock { $0.stopped = true }
    }

    // MARK: - Private

    private func hold(_ signals: [Signal], _ s: inout State) {
        s.unsaved.append(contentsOf: signals)
        if s.unsaved.count > unsavedLimit {
            let excess = s.unsaved.count - unsavedLimit
            s.unsaved.removeFirst(excess)
            s.dropped += excess
        }
    }

    private func scheduleRetry() {
        let delay: Double? = state.withLock { s in
            guard !s.retryScheduled, !s.stopped, s.failing else { return nil }
            s.retryScheduled = true
            let d = s.retryDelay
            s.retryDelay = min(retryCap, s.retryDelay * 2)
            return d
        }
        guard let delay else { return }
        retryQueue.asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self else { return }
            self.state.withLock { $0.retryScheduled = false }
            self.retry(rescheduling: true)
        }
    }

    private func retry(rescheduling: Bool) -> Bool {
        let held: [Signal]? = state.withLock { $0.failing ? $0.unsaved : nil }
        guard let held else { return true }
        // Only the retry writes while the store fails (`write` holds new batches), so the
        // held signals go in the order they fired.
        let stored = writing.withLock { _ -> Bool in
            do {
                try store.append(contentsOf: held)
                return true
            } catch {
                return false
            }
        }
        if stored {
            let done = state.withLock { s -> Bool in
                // Signals held while this retry ran stay for the next one, right away.
                s.unsaved.removeFirst(min(held.count, s.unsaved.count))
                if s.unsaved.isEmpty {
                    s.failing = false
                    s.retryDelay = retryInitial
                    return true
                }
                s.retryDelay = retryInitial
                return false
            }
            onRecovered(held)
            if done {
                onStatus(.working)
                return true
            }
            return retry(rescheduling: rescheduling)
        }
        if rescheduling { scheduleRetry() }
        return false
    }
}
