import Dispatch
import Foundation
import MarketData
import MarketModel

/// SIGINT, SIGTERM and SIGHUP as an async event, so commands shut down cleanly (close sockets,
/// flush the database) instead of dying mid-write. Waiting is cancellable.
enum TerminationSignal {
    private static let sources = Locked<[DispatchSourceSignal]>([])
    private static let continuations = Locked<[AsyncStream<Int32>.Continuation]>([])

    /// Returns the first termination signal, or nil when the waiting task is cancelled.
    static func wait(signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]) async -> Int32? {
        let stream = AsyncStream<Int32>(bufferingPolicy: .bufferingNewest(1)) { continuation in
            continuations.withLock { $0.append(continuation) }
        }
        installOnce(signals)
        for await sig in stream { return sig }
        return nil
    }

    private static func installOnce(_ signals: [Int32]) {
        sources.withLock { installed in
            guard installed.isEmpty else { return }
            for sig in signals {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler {
                    for c in continuations.withLock({ $0 }) { c.yield(sig) }
                }
                source.resume()
                installed.append(source)
            }
        }
    }
}
