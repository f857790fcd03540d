import Foundation
import MarketModel
import Simulator
import XCTest

/// `thebot stream --json`, the real binary, against the simulator with faults on.
final class StreamCommandTests: XCTestCase {
    static var packageRoot: URL {
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir.deleteLastPathComponent()
        }
        return dir
    }

    /// The binary built with these tests (see `TmuxDriver.productsDirectory`).
    static var binary: String { TmuxDriver.productsDirectory.appendingPathComponent("thebot").path }

    func run(_ arguments: [String], home: URL) throws -> (Process, Pipe) {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            XCTFail("the thebot binary is not built at \(Self.binary); `make test` builds it first")
            throw CancellationError()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path
        env["XDG_CONFIG_HOME"] = home.appendingPathComponent("config").path
        env["XDG_STATE_HOME"] = home.appendingPathComponent("state").path
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, out)
    }

    func temporaryHome() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Reads stdout on a background thread so the pipe never fills.
    final class LineSink: @unchecked Sendable {
        // Safe: `data` is only touched under `lock`.
        private var data = Data()
        private let lock = NSLock()

        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            Thread {
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    self.lock.lock()
                    self.data.append(chunk)
                    self.lock.unlock()
                }
            }.start()
        }

        var lines: [String] {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }
    }

    func testClosedCandleLinesEqualTheTruthThroughChaos() async throws {
        var options = SimulatorOptions()
        options.seed = 21
        options.speed = 1200
        options.historyDays = 2
        options.pingInterval = 1
        options.faults.dropEverySimulatedSeconds = 25 * 60
        options.faults.malformedRate = 0.02
        let sim = SimulatedExchange(options: options)
        let port = try await sim.start()
        let home = try temporaryHome()
        let (process, pipe) = try run([
            "stream", "--json", "--endpoint", "ws://127.0.0.1:\(port)", "--rest-endpoint", "http://127.0.0.1:\(port)",
            "--symbols", "BTCUSDT,SOLUSDT", "--interval", "1m,5m", "--stale-after", "2", "--history-bars", "60",
        ], home: home)
        let sink = LineSink(pipe)
        let simulatedStart = sim.simulatedNow
        // Each fault at its point of the simulated day (minutes after the start), whatever the
        // test machine's speed.
        let faults: [(Int64, FaultControl)] = [
            (60, .stall(seconds: 3)), (160, .serverShutdown(closeAfter: 0.3)), (220, .refuseConnections(seconds: 1.5)),
            (280, .rest429(count: 1, retryAfter: 1)), (320, .rest5xx(count: 2, status: 502)), (360, .dropAllNow),
        ]
        for (at, fault) in faults {
            while sim.simulatedNow < simulatedStart + at * Interval.minute {
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            sim.apply(fault)
        }
        // Ten simulated hours at least, faults included.
        while sim.simulatedNow < simulatedStart + 10 * Interval.hour {
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        sim.apply(.reset)
        try await Task.sleep(nanoseconds: 3_000_000_000)
        process.terminate()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "SIGTERM ends the stream with exit code 0")

        var closed: [String: [(Int64, [String: Any])]] = [:]
        var healthLines = 0
        var reconnects = 0
        for line in sink.lines {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                XCTFail("not a JSON line: \(line.prefix(200))")
                continue
            }
            switch object["type"] as? String {
            case "candle":
                if object["closed"] as? Bool == true {
                    let key = "\(object["symbol"]!)|\(object["interval"]!)"
                    closed[key, default: []].append(((object["open_time"] as! NSNumber).int64Value, object))
                }
            case "health":
                healthLines += 1
                reconnects = max(reconnects, object["reconnects"] as? Int ?? 0)
            case "signal":
                XCTAssertNotNil(object["reason"] as? String)
            default:
                XCTFail("unknown line type: \(line.prefix(200))")
            }
        }
        XCTAssertGreaterThan(healthLines, 0)
        XCTAssertGreaterThan(reconnects, 3, "every reconnect shows in the health lines")
        for symbol in ["BTCUSDT", "SOLUSDT"] {
            for interval in [Interval.m1, .m5] {
                let got = closed["\(symbol)|\(interval)"] ?? []
                XCTAssertGreaterThan(got.count, interval == .m1 ? 200 : 60, "\(symbol) \(interval)")
                guard let first = got.first?.0, let last = got.last?.0 else { continue }
                let truth = sim.truth(symbol: Symbol(symbol)!, interval: interval, from: first, to: last)
                XCTAssertEqual(got.map(\.0), truth.map(\.openTime), "\(symbol) \(interval): missing, extra or duplicated bars")
                for ((_, line), bar) in zip(got, truth) {
                    // Numeric equality: the wire carries Binance's 8 decimals, the truth its own scale.
                    func value(_ key: String) -> ExactDecimal? { (line[key] as? String).flatMap { ExactDecimal($0) } }
                    let same = value("open") == bar.open && value("high") == bar.high && value("low") == bar.low
                        && value("close") == bar.close && value("volume") == bar.volume
                    if !same {
                        XCTFail("\(symbol) \(interval) \(bar.openTime) differs: \(line) vs \(bar)")
                        break
                    }
                }
            }
        }
        let stats = sim.stats()
        XCTAssertEqual(stats.protocolViolations["control_rate"], 0)
        XCTAssertEqual(stats.protocolViolations["rest_weight"], 0)
        await sim.stop()
    }

    func testBadArgumentsGiveOneSentenceAndExitCode2() throws {
        let home = try temporaryHome()
        for (args, fragment) in [
            (["stream", "--json", "--symbols", "BTC-USDT"], "is not a symbol"),
            (["stream", "--json", "--interval", "2m"], "is not an interval"),
            (["stream", "--json", "--endpoint", "http://x"], "is not a ws:// or wss:// URL"),
            (["indicators", "--input", "/nonexistent.csv"], "nonexistent.csv"),
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
                XCTFail("the thebot binary is not built at \(Self.binary)")
                throw CancellationError()
            }
            process.arguments = args
            process.environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/c", "XDG_STATE_HOME": home.path + "/s"]
                .merging(SanitizerEnvironment.variables) { $1 }
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            XCTAssertEqual(process.terminationStatus, 2, "\(args): \(text)")
            XCTAssertTrue(text.contains(fragment), "\(args): \(text)")
            XCTAssertEqual(text.split(separator: "\n").count, 1, "one sentence: \(text)")
            XCTAssertFalse(text.contains("Fatal error"), text)
        }
    }
}
