import Dispatch
import Foundation
import MarketData

/// Waits for SIGINT, SIGTERM or SIGHUP without killing the process, so commands can shut down
/// cleanly (close sockets, restore the terminal, flush the database).
enum TerminationSignal {
    static func wait(signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]) async -> Int32 {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let once = Locked(false)
            var sources: [DispatchSourceSignal] = []
            for sig in signals {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler {
                    let first = once.withLock { fired -> Bool in
                        defer { fired = true }
                        return !fired
                    }
                    if first { continuation.resume(returning: sig) }
                }
                source.resume()
                sources.append(source)
            }
            // The sources must outlive this scope; they live as long as the process.
            retained.withLock { $0.append(contentsOf: sources) }
        }
    }

    private static let retained = Locked<[DispatchSourceSignal]>([])
}
