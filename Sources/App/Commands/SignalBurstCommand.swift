import ArgumentParser
import Foundation
import MarketModel
import Signals

/// A hidden check of the signal path under load: synthetic signals at a fixed rate go through
/// the real recorder (SQLite first) and are announced on stdout as `shown <id>` only once the
/// recorder hands them on — exactly when the monitor would draw them. Used by the tests to
/// kill the process mid-burst and prove nothing shown was lost.
struct SignalBurstCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signal-burst",
        abstract: "Store a burst of synthetic signals and report each one as shown (a self-test).",
        shouldDisplay: false)

    @Option(name: .long, help: "Signal database to write.")
    var database: String

    @Option(name: .long, help: "How many signals.")
    var count = 5000

    @Option(name: .long, help: "Signals per second.")
    var rate = 1000

    @Flag(name: .long, help: "Also ring the bell and send OSC 9 / OSC 777 desktop notifications to the terminal.")
    var notify = false

    func validate() throws {
        guard !database.isEmpty else { throw ValidationError("--database needs a file path.") }
        guard count > 0 else { throw ValidationError("--count must be a positive whole number, not \(count).") }
        guard rate > 0 else { throw ValidationError("--rate must be a positive whole number, not \(rate).") }
    }

    func run() async throws {
        let out = StdoutWriter.shared
        let store: SignalStore
        let recorder: SignalRecorder
        var burstNotifier: SignalNotifier?
        do {
            store = try SignalStore(path: database)
            let notifier: SignalNotifier? = notify ? SignalNotifier(
                settings: NotificationSettings(enabled: [.bell, .osc9, .osc777]),
                terminal: { bytes in
                    bytes.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
                },
                present: { _ in }) : nil
            recorder = try SignalRecorder(store: store, onCommitted: { batch in
                for signal in batch { out.line("shown \(signal.id.uuidString)") }
                notifier?.notify(batch)
            })
            burstNotifier = notifier
        } catch {
            throw Failure.exit(UserError("\(error)"))
        }
        let symbol = Symbol("BTCUSDT")!
        let perTick = max(1, rate / 100)
        var made = 0
        while made < count {
            var batch: [Signal] = []
            for _ in 0..<min(perTick, count - made) {
                made += 1
                batch.append(Signal(time: wallClockMilliseconds(), symbol: symbol, interval: .m1,
                                    rule: "burst", direction: made % 2 == 0 ? .bullish : .bearish, strength: 0.5,
                                    price: ExactDecimal(mantissa: Int64(6_000_000 + made), scale: 2),
                                    reason: "synthetic signal \(made) of \(count)"))
            }
            recorder.record(batch)
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        recorder.flush()
        burstNotifier?.flushSummary()
        burstNotifier?.waitUntilIdle()
        out.line("done \(made)")
    }
}
