import Binance
import AsyncHTTPClient
import NIOPosix
import Simulator
@testable import MarketData

/// The simulated exchange on a free loopback port and a stream manager against it, for the
/// tests that drive the real client through faults.
struct SimulatorHarness {
    let sim: SimulatedExchange
    let manager: StreamManager
    let rest: RestClient
    let http: HTTPClient

    func shutdown() async {
        await manager.stop()
        try? await http.shutdown()
        await sim.stop()
    }

    /// Starts the simulator with `simulator` and a stream manager against it, with short
    /// backoffs so faults heal within a test.
    /// `configure` and `configureREST` change the manager's and the REST client's options last.
    static func start(simulator: SimulatorOptions, staleAfter: Double = 2, historyBars: Int = 120,
                      configure: (inout StreamManagerOptions) -> Void = { _ in },
                      configureREST: (inout RestClientOptions) -> Void = { _ in }) async throws -> SimulatorHarness {
        let sim = SimulatedExchange(options: simulator)
        let port = try await sim.start()
        var restOptions = BinanceHistory.restOptions(baseURL: "http://127.0.0.1:\(port)")
        restOptions.backoffBase = .milliseconds(50)
        restOptions.backoffCap = .milliseconds(500)
        restOptions.breakerCooldown = .seconds(1)
        configureREST(&restOptions)
        let http = HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton),
                              configuration: RestClient.httpClientConfiguration(for: restOptions))
        let rest = RestClient(options: restOptions, httpClient: http)
        var options = StreamManagerOptions(endpoint: WebSocketEndpoint(secure: false, host: "127.0.0.1", port: port),
                                           staleAfter: staleAfter, historyBars: historyBars,
                                           backoffBase: 0.05, backoffCap: 0.5, stableAfter: 5)
        configure(&options)
        let manager = StreamManager(options: options, venue: BinanceVenue(), history: BinanceHistory(rest: rest),
                                    attemptGuard: ConnectionAttemptGuard(limit: 280, window: 300))
        return SimulatorHarness(sim: sim, manager: manager, rest: rest, http: http)
    }
}
