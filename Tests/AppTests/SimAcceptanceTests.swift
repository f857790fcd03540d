import Foundation
import XCTest

/// `thebot sim` checked from the outside: another language's WebSocket library, plain HTTP, and
/// two processes with the same seed.
final class SimAcceptanceTests: XCTestCase {
    /// Starts `thebot sim --port 0 ...` and returns the process and the port it printed.
    func startSim(_ extra: [String]) throws -> (Process, Int) {
        guard FileManager.default.isExecutableFile(atPath: StreamCommandTests.binary) else {
            XCTFail("the thebot binary is not built at \(StreamCommandTests.binary); `make test` builds it first")
            throw CancellationError()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: StreamCommandTests.binary)
        process.arguments = ["sim", "--port", "0"] + extra
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        addTeardownBlock {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        // The first line names the port: "thebot sim: listening on 127.0.0.1:PORT (...)".
        var line = Data()
        let handle = out.fileHandleForReading
        while !line.contains(10) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(text[range].split(separator: ":")[1]) else {
            XCTFail("no port in \(text)")
            throw CancellationError()
        }
        return (process, port)
    }

    func get(_ url: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys,urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())", url]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    func testAPythonWebSocketClientGetsValidKlineFramesContinuousWithREST() throws {
        let python = "/usr/bin/python3"
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import websockets"]
        probe.standardError = FileHandle.nullDevice
        try? probe.run()
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else {
            XCTFail("Debian's python3-websockets is not installed; `make test` installs it (make deps)")
            return
        }
        let (_, port) = try startSim(["--seed", "7", "--speed", "60"])
        let script = """
        import asyncio, json, sys, urllib.request
        import websockets
        async def main(port):
            async with websockets.connect(f"ws://127.0.0.1:{port}/ws/btcusdt@kline_1m") as ws:
                await ws.send(json.dumps({"method": "LIST_SUBSCRIPTIONS", "id": 1}))
                frames, closes, listed = [], 0, None
                while len(frames) < 20 or closes < 2:
                    msg = json.loads(await asyncio.wait_for(ws.recv(), 20))
                    if msg.get("id") == 1:
                        listed = msg["result"]
                        continue
                    assert msg["e"] == "kline" and msg["s"] == "BTCUSDT", msg
                    k = msg["k"]
                    assert k["i"] == "1m" and k["T"] == k["t"] + 59999
                    for f in ("o", "h", "l", "c", "v"):
                        assert isinstance(k[f], str) and float(k[f]) >= 0
                    assert float(k["l"]) <= min(float(k["o"]), float(k["c"])) <= max(float(k["o"]), float(k["c"])) <= float(k["h"])
                    frames.append(k)
                    closes += 1 if k["x"] else 0
            rows = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1000"))
            times = [r[0] for r in rows]
            assert len(rows) == 1000, len(rows)
            assert all(b - a == 60000 for a, b in zip(times, times[1:])), "REST rows are not contiguous"
            assert frames[-1]["t"] in (times[-2], times[-1], times[-1] + 60000), (frames[-1]["t"], times[-1])
            closed = {r[0]: r for r in rows}
            for k in frames:
                if k["x"] and k["t"] in closed:
                    r = closed[k["t"]]
                    assert [k["o"], k["h"], k["l"], k["c"], k["v"]] == r[1:6], (k, r)
            print(json.dumps({"frames": len(frames), "closes": closes, "listed": listed, "rows": len(rows)}))
        asyncio.run(main(int(sys.argv[1])))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, String(port)]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, errors)
        let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        XCTAssertEqual(result?["rows"] as? Int, 1000)
        XCTAssertEqual(result?["listed"] as? [String], ["btcusdt@kline_1m"])
        XCTAssertGreaterThanOrEqual(result?["closes"] as? Int ?? 0, 2)
    }

    func testTwoSimulatorsWithTheSameSeedGiveIdenticalTruth() throws {
        let start = "1795000000000"
        let (_, a) = try startSim(["--seed", "7", "--start-time", start, "--history-days", "2"])
        let (_, b) = try startSim(["--seed", "7", "--start-time", start, "--history-days", "2"])
        let (_, c) = try startSim(["--seed", "8", "--start-time", start, "--history-days", "2"])
        let query = "/sim/truth/klines?symbol=ETHUSDT&interval=5m&startTime=1794900000000&endTime=1794990000000"
        let ta = try get("http://127.0.0.1:\(a)\(query)")
        let tb = try get("http://127.0.0.1:\(b)\(query)")
        let tc = try get("http://127.0.0.1:\(c)\(query)")
        let rows = try JSONSerialization.jsonObject(with: ta) as? [[Any]]
        XCTAssertEqual(rows?.count, 301, "both ends included")
        XCTAssertEqual(ta, tb, "same seed, same truth")
        XCTAssertNotEqual(ta, tc, "another seed, another market")
    }
}
