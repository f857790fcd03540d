import Foundation

/// A value behind a lock, shared between the event loop and callers of the public API.
///
/// `@unchecked Sendable` is safe because `value` is private and only ever read or written
/// inside `withLock`, which holds `lock` for the whole access; `Value: Sendable` makes sure
/// nothing handed out of the closure can alias the guarded state unsafely.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var snapshot: Value { withLock { $0 } }
}
