import AsyncHTTPClient
import Binance
import Foundation
import MarketModel
import NIOPosix
import Simulator
import XCTest
@testable import MarketData

/// Both clients verify the server's certificate: a self-signed one, or one from an authority
/// this machine does not trust, is refused with one sentence naming the problem; a private
/// authority trusted through a CA bundle lets them connect and get data.
final class TLSVerificationTests: XCTestCase {
    let untrustedPhrase = "the server's certificate is not trusted (self-signed"

    /// The simulator behind a TLS front with `certificate`, a REST client and a stream manager
    /// for https:// and wss:// on that front, trusting `trust`.
    struct Setup {
        let sim: SimulatedExchange
        let front: TLSFront
        let http: HTTPClient
        let rest: RestClient
        let manager: StreamManager

        func shutdown() async {
            await manager.stop()
            try? await http.shutdown()
            await front.stop()
            await sim.stop()
        }
    }

    func start(_ certificate: TLSFront.Certificate, trust: TLSTrust, host: String = "127.0.0.1") async throws -> Setup {
        var simOptions = SimulatorOptions()
        simOptions.seed = 9
        simOptions.speed = 60
        simOptions.historyDays = 1
        let sim = SimulatedExchange(options: simOptions)
        let port = try await sim.start()
        let front = try await TLSFront.start(certificate: certificate, backendPort: port, host: host)
        var restOptions = BinanceHistory.restOptions(baseURL: "https://\(host):\(front.port)")
        restOptions.trust = trust
        restOptions.maxRetries = 0
        restOptions.backoffBase = .milliseconds(50)
        restOptions.backoffCap = .milliseconds(200)
        let http = HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton),
                              configuration: RestClient.httpClientConfiguration(for: restOptions))
        let rest = RestClient(options: restOptions, httpClient: http)
        var options = StreamManagerOptions(endpoint: WebSocketEndpoint(secure: true, host: host, port: front.port),
                                           historyBars: 30, backoffBase: 0.1, backoffCap: 0.5)
        options.trust = trust
        let manager = StreamManager(options: options, venue: BinanceVenue(), history: BinanceHistory(rest: rest),
                                    attemptGuard: ConnectionAttemptGuard(limit: 280, window: 300))
        return Setup(sim: sim, front: front, http: http, rest: rest, manager: manager)
    }

    /// Runs `body` on a fresh setup and shuts it down however `body` ends.
    func withSetup(_ certificate: TLSFront.Certificate, trust: TLSTrust, host: String = "127.0.0.1",
                   _ body: (Setup) async throws -> Void) async throws {
        let setup = try await start(certificate, trust: trust, host: host)
        do {
            try await body(setup)
        } catch {
            await setup.shutdown()
            throw error
        }
        await setup.shutdown()
    }

    /// The sentence the stream manager reports once its connection failed, or nil.
    func connectionSentence(_ setup: Setup) async throws -> String {
        await setup.manager.add(streams: ["btcusdt@kline_1s"])
        await setup.manager.start()
        var sentence: String?
        try await waitUntil(seconds: 15, "the stream manager reports the failed connection") {
            sentence = await setup.manager.health().connections.first?.lastError
            return sentence != nil
        }
        return sentence ?? ""
    }

    func assertOneSentenceWithoutLibraryText(_ sentence: String, file: StaticString = #filePath, line: UInt = #line) {
        for raw in ["CERTIFICATE_VERIFY_FAILED", "NIOSSL", "BoringSSL", "OPENSSL", "handshakeFailed", "sslError"] {
            XCTAssertFalse(sentence.contains(raw), "raw library text \(raw) in: \(sentence)", file: file, line: line)
        }
        XCTAssertTrue(sentence.hasSuffix("."), sentence, file: file, line: line)
        XCTAssertEqual(sentence.filter { $0 == "\n" }.count, 0, sentence, file: file, line: line)
    }

    // MARK: WebSocket

    func testTheStreamRefusesASelfSignedCertificate() async throws {
        try await withSetup(.selfSigned, trust: .system) { setup in
            let sentence = try await connectionSentence(setup)
            let health = await setup.manager.health()
            let stats = setup.sim.stats()
            XCTAssertTrue(sentence.hasPrefix("Connection 1 to 127.0.0.1:") && sentence.contains("failed: \(untrustedPhrase)"), sentence)
            XCTAssertTrue(sentence.contains("; retrying"), "the manager keeps trying with backoff: \(sentence)")
            assertOneSentenceWithoutLibraryText(sentence)
            XCTAssertNotEqual(health.state, .live)
            XCTAssertEqual(stats.connectionsTotal, 0, "no WebSocket got through to the exchange")
        }
    }

    func testTrustingTheTestCADoesNotMakeASelfSignedCertificateTrusted() async throws {
        try await withSetup(.selfSigned, trust: try TLSTrust.caFile(TLSFixtures.caFile)) { setup in
            let sentence = try await connectionSentence(setup)
            let stats = setup.sim.stats()
            XCTAssertTrue(sentence.contains(untrustedPhrase), sentence)
            XCTAssertEqual(stats.connectionsTotal, 0)
        }
    }

    func testTheStreamRefusesACertificateFromAnAuthorityNotTrusted() async throws {
        try await withSetup(.signedByTestCA, trust: .system) { setup in
            let sentence = try await connectionSentence(setup)
            let stats = setup.sim.stats()
            XCTAssertTrue(sentence.contains(untrustedPhrase), sentence)
            assertOneSentenceWithoutLibraryText(sentence)
            XCTAssertEqual(stats.connectionsTotal, 0)
        }
    }

    /// The certificate names 127.0.0.1 and localhost; reached as 127.0.0.2 it is for another host.
    func testBothClientsRefuseACertificateForAnotherHost() async throws {
        try await withSetup(.signedByTestCA, trust: try TLSTrust.caFile(TLSFixtures.caFile), host: "127.0.0.2") { setup in
            let sentence = try await connectionSentence(setup)
            var failure: RestError?
            do {
                _ = try await setup.rest.get("/api/v3/time", weight: 1)
            } catch {
                failure = error as? RestError
            }
            let stats = setup.sim.stats()
            XCTAssertTrue(sentence.contains("failed: the server's certificate is for another host name"), sentence)
            assertOneSentenceWithoutLibraryText(sentence)
            XCTAssertEqual(failure, .certificateRejected(host: "127.0.0.2", problem: .wrongHost))
            XCTAssertEqual(stats.connectionsTotal + stats.restRequests, 0, "nothing got through to the exchange")
        }
    }

    /// With the test CA trusted through a bundle, the stream goes live over wss:// and the
    /// candles' history comes over https://: both clients connect and get data.
    func testATrustedPrivateAuthorityLetsBothClientsConnectAndGetData() async throws {
        try await withSetup(.signedByTestCA, trust: try TLSTrust.caFile(TLSFixtures.caFile)) { setup in
            let collector = Collector()
            let pump = Task {
                for await update in setup.manager.updates { await collector.take(update) }
            }
            let btc = Symbol("BTCUSDT")!
            await setup.manager.watchCandles(symbol: btc, interval: .m1)
            await setup.manager.start()
            try await waitUntil(seconds: 20, "the stream is live over wss") { await setup.manager.health().state == .live }
            // 30 bars of history over REST, then bars closing live (one a second at 60x).
            try await waitUntil(seconds: 30, "closed bars arrive over REST and the stream") {
                await collector.closed(btc, .m1).count >= 33
            }
            let bars = await collector.closed(btc, .m1)
            let health = await setup.manager.health()
            let restStatus = await setup.rest.status
            let stats = setup.sim.stats()
            let truth = setup.sim.truth(symbol: btc, interval: .m1, from: bars.first?.openTime, to: bars.last?.openTime)
            pump.cancel()
            XCTAssertNil(health.lastError, "no problem reported: \(health.lastError ?? "")")
            XCTAssertGreaterThanOrEqual(restStatus.requestCount, 2, "server time and klines went over https")
            XCTAssertGreaterThanOrEqual(stats.connectionsTotal, 1, "the WebSocket reached the exchange through TLS")
            XCTAssertGreaterThan(stats.restRequests, 0)
            XCTAssertEqual(bars.map(\.openTime), truth.map(\.openTime))
            XCTAssertEqual(zip(bars, truth).filter { !$0.sameBar(as: $1) }.count, 0)
        }
    }

    // MARK: REST

    func testRESTRefusesASelfSignedCertificateWithOneSentence() async throws {
        try await withSetup(.selfSigned, trust: .system) { setup in
            let result: Result<RestResponse, RestError>
            do {
                result = .success(try await setup.rest.get("/api/v3/time", weight: 1))
            } catch {
                result = .failure(error as? RestError ?? .transport("\(error)"))
            }
            let stats = setup.sim.stats()
            guard case .failure(let error) = result else { return XCTFail("a self-signed server was accepted") }
            XCTAssertEqual(error, .certificateRejected(host: "127.0.0.1", problem: .untrusted))
            XCTAssertTrue(error.description.hasPrefix("Cannot reach 127.0.0.1 over TLS: \(untrustedPhrase)"), error.description)
            assertOneSentenceWithoutLibraryText(error.description)
            XCTAssertEqual(stats.restRequests, 0, "no request got through to the exchange")
        }
    }

    func testRESTWithTheTestCATrustedGetsAnAnswer() async throws {
        try await withSetup(.signedByTestCA, trust: try TLSTrust.caFile(TLSFixtures.caFile)) { setup in
            let response = try await setup.rest.get("/api/v3/time", weight: 1)
            let stats = setup.sim.stats()
            XCTAssertEqual(response.status, 200)
            XCTAssertTrue(String(decoding: response.body, as: UTF8.self).contains("serverTime"))
            XCTAssertEqual(stats.restRequests, 1)
        }
    }

    func testRESTWithoutTheBundleRefusesTheTestCA() async throws {
        try await withSetup(.signedByTestCA, trust: .system) { setup in
            var failure: RestError?
            do {
                _ = try await setup.rest.get("/api/v3/time", weight: 1)
            } catch {
                failure = error as? RestError
            }
            XCTAssertEqual(failure, .certificateRejected(host: "127.0.0.1", problem: .untrusted))
        }
    }

    // MARK: The bundle file

    func testABadBundleIsOneSentence() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thebot-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let garbage = dir.appendingPathComponent("garbage.pem").path
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: garbage))
        let empty = dir.appendingPathComponent("empty.pem").path
        try Data().write(to: URL(fileURLWithPath: empty))
        let key = TLSFixtures.path("ca.key")
        let cases: [(String, String)] = [
            (dir.appendingPathComponent("missing.pem").path, "does not exist"),
            (dir.path, "cannot be read"),
            (garbage, "holds no PEM certificate"),
            (empty, "holds no PEM certificate"),
            (key, "holds no PEM certificate"),
        ]
        for (path, expected) in cases {
            do {
                _ = try TLSTrust.caFile(path)
                XCTFail("\(path) was accepted as a CA bundle")
            } catch {
                XCTAssertEqual(error.path, path)
                XCTAssertTrue(error.description.hasPrefix("The CA bundle \(path) \(expected)"), error.description)
                XCTAssertTrue(error.description.hasSuffix("."), error.description)
            }
        }
        XCTAssertEqual(try TLSTrust.caFile(TLSFixtures.caFile).authorities.count, 1)
    }
}
