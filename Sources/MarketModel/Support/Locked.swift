#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one lock idiom of the program: a value that several threads touch briefly, reached only
/// through `withLock`.
public final class Locked<Value>: @unchecked Sendable {
    // Safe: `value` is read and written only inside `withLock`, which holds `mutex`; the mutex
    // lives on the heap at a fixed address for the object's whole life.
    // Inlinable so each use is specialised for its value type: the feed takes this lock once
    // per socket read, and an unspecialised generic call costs a metadata lookup each time.
    // The mutex already makes every access exclusive, so the runtime's own exclusivity check
    // (a thread-local lookup per access) is left out.
    @usableFromInline @exclusivity(unchecked) var value: Value
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init(_ value: Value) {
        self.value = value
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inlinable
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
