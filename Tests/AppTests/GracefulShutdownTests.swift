import Foundation
import Simulator
import XCTest

/// SIGTERM, SIGINT and SIGHUP stop `stream` and the monitor cleanly: a WebSocket close frame on
/// every connection (counted by the simulator), exit status 0, quickly, and for the monitor a
/// terminal given back to the shell.
final class GracefulShutdownTests: XCTestCase {
    func testStreamSendsACloseFrameOnEveryConnectionForEachStopSignal() async throws {
        for (name, sig) in [("SIGTERM", SIGTERM), ("SIGINT", SIGINT), ("SIGHUP", SIGHUP)] {
            let (sim, endpoints) = try await ReliabilityHarness.simulator()
            let harness = try ReliabilityHarness(test: self)
            // One stream per connection: two connections to say goodbye on.
            let (process, sink) = try harness.start(["stream", "--json", "--symbols", "BTCUSDT,ETHUSDT", "--interval", "1m",
                                                     "--streams-per-connection", "1", "--no-signals"] + endpoints)
            // A live candle of each symbol: each came over its own connection, so both are open.
            let ready = ReliabilityHarness.waitUntil("live candles over both connections (\(name))", timeout: 30) {
                let live = sink.lines.filter { $0.hasPrefix("{\"type\":\"candle\"") && $0.contains("\"backfilled\":false") }
                return sim.stats().connectionsOpen == 2 && live.contains { $0.contains("\"BTCUSDT\"") }
                    && live.contains { $0.contains("\"ETHUSDT\"") }
            }
            guard ready else {
                process.terminate()
                await sim.stop()
                return
            }
            let before = sim.stats().closeFramesReceived
            kill(process.processIdentifier, sig)
            // Generous: the promise is two seconds; this only catches a hang.
            try ReliabilityHarness.waitForExit(process, timeout: 10, what: "stream after \(name)")
            XCTAssertEqual(process.terminationReason, .exit, "\(name): stream must exit, not die of the signal")
            XCTAssertEqual(process.terminationStatus, 0, "\(name): exit status")
            ReliabilityHarness.waitUntil("the simulator to count the close frames (\(name))", timeout: 5) {
                sim.stats().closeFramesReceived - before >= 2
            }
            XCTAssertEqual(sim.stats().closeFramesReceived - before, 2, "\(name): one close frame per connection")
            await sim.stop()
        }
    }

    func testTheMonitorSaysGoodbyeAndGivesTheTerminalBackOnSIGTERM() async throws {
        let (sim, endpoints) = try await ReliabilityHarness.simulator()
        let t = try TmuxDriver()
        defer { t.shutdown() }
        try t.startThebot(["--symbols", "BTCUSDT,ETHUSDT", "--streams-per-connection", "1"] + endpoints)
        try t.waitFor("the monitor's first frame with prices", timeout: 30) { s in
            s.row(0).hasPrefix(" thebot") && s.watchlistLast("BTCUSDT") != nil
        }
        let connected = ReliabilityHarness.waitUntil("the monitor's connections", timeout: 30) {
            sim.stats().connectionsOpen >= 2
        }
        guard connected else { return await sim.stop() }
        XCTAssertEqual(try t.run(["display-message", "-p", "-t", TmuxDriver.target, "#{alternate_on}"])
            .trimmingCharacters(in: .whitespacesAndNewlines), "1", "the monitor draws on the alternate screen")
        // The monitor may still be opening a connection (a slow start under a sanitizer): the
        // count is read once it has stayed the same for a second, right before the signal.
        var settled = (count: sim.stats().connectionsOpen, polls: 0)
        ReliabilityHarness.waitUntil("the monitor's connections to settle", timeout: 30) {
            let now = sim.stats().connectionsOpen
            settled = now == settled.count ? (now, settled.polls + 1) : (now, 0)
            return settled.polls >= 20
        }
        let pid = try t.childPID()
        let stats = sim.stats()
        let (open, before) = (stats.connectionsOpen, stats.closeFramesReceived)
        XCTAssertEqual(kill(pid, SIGTERM), 0)
        XCTAssertEqual(try t.waitForExit(timeout: 10), 0, "exit status after SIGTERM")
        XCTAssertEqual(try t.run(["display-message", "-p", "-t", TmuxDriver.target, "#{alternate_on}"])
            .trimmingCharacters(in: .whitespacesAndNewlines), "0", "the alternate screen is left")
        ReliabilityHarness.waitUntil("the simulator to count the close frames", timeout: 5) {
            sim.stats().closeFramesReceived - before >= open
        }
        XCTAssertEqual(sim.stats().closeFramesReceived - before, open, "one close frame per connection")
        await sim.stop()
    }
}
