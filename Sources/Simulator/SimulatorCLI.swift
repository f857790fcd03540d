import Dispatch
import Foundation
import MarketModel

/// `thebot sim`: runs an exchange in the foreground until SIGINT or SIGTERM.
public enum SimulatorCLI {
    public static func run(options: SimulatorOptions) async throws {
        let exchange = SimulatedExchange(options: options)
        let port = try await exchange.start()
        let firehose = options.firehose > 0 ? ", firehose \(options.firehose) frames/s" : ""
        print("thebot sim: listening on \(options.host):\(port) (seed \(options.seed), speed \(formatSpeed(options.speed))\(firehose))")
        // Flushes every stream; naming `stdout` is not concurrency-safe in Swift 6.
        fflush(nil)
        await waitForTermination()
        await exchange.stop()
    }

    static func formatSpeed(_ speed: Double) -> String {
        speed == speed.rounded() && abs(speed) < 1e15 ? String(Int64(speed)) : String(speed)
    }

    /// Suspends until SIGINT or SIGTERM. The default handlers are ignored so the signals reach
    /// the dispatch sources instead of killing the process before the exchange stops.
    private static func waitForTermination() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "thebot.sim.signals")
            let once = Locked(false)
            var sources: [DispatchSourceSignal] = []
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
                source.setEventHandler {
                    let first = once.withLock { fired -> Bool in
                        defer { fired = true }
                        return !fired
                    }
                    if first { continuation.resume() }
                }
                source.resume()
                sources.append(source)
            }
            // The sources must outlive this closure; they live as long as the process.
            SignalSources.keep(sources)
        }
    }
}

/// Keeps the signal sources alive for the rest of the process.
private enum SignalSources {
    static let held = Locked<[SignalSourceBox]>([])
    static func keep(_ sources: [DispatchSourceSignal]) {
        held.withLock { $0.append(contentsOf: sources.map(SignalSourceBox.init)) }
    }
}

/// `@unchecked Sendable` is safe: the box only keeps a reference alive and is never used to
/// call into the source after it was resumed.
private final class SignalSourceBox: @unchecked Sendable {
    let source: DispatchSourceSignal
    init(_ source: DispatchSourceSignal) { self.source = source }
}
