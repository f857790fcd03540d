import MarketModel

/// What the C client's callbacks reach, handed to it as a number instead of a pointer.
///
/// The client keeps calling back until it says it is done with a subscription (its on-complete
/// callback) or a connection (its closed callback), possibly after the owner has cancelled or
/// closed it. A retained pointer would either leak every handler for the life of the process
/// or risk a call into freed memory; a number looked up here can outlive its entry safely: a
/// callback whose entry is gone finds nothing and does nothing.
final class CallbackContexts<Context: Sendable>: Sendable {
    private let entries = Locked<(next: Int, live: [Int: Context])>((next: 1, live: [:]))

    /// Registers `context`; the pointer is its number, never dereferenced.
    func add(_ context: Context) -> UnsafeMutableRawPointer {
        let number = entries.withLock { state -> Int in
            defer { state.next += 1 }
            state.live[state.next] = context
            return state.next
        }
        return UnsafeMutableRawPointer(bitPattern: number)!
    }

    func context(_ pointer: UnsafeMutableRawPointer?) -> Context? {
        guard let pointer else { return nil }
        let number = Int(bitPattern: pointer)
        return entries.withLock { $0.live[number] }
    }

    /// Forgets `pointer`'s context; a second removal, or a callback after it, finds nothing.
    func remove(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        let number = Int(bitPattern: pointer)
        _ = entries.withLock { $0.live.removeValue(forKey: number) }
    }
}
