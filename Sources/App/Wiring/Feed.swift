import AsyncHTTPClient
import Binance
import Foundation
import MarketData
import MarketModel
import NIOPosix
import Simulator

/// Everything between the exchange and a command: the simulator when asked for, the REST
/// client, and the stream manager, started and stopped together.
final class Feed: Sendable {
    /// The venue the feed connects to.
    static let venue = BinanceVenue()
    let manager: StreamManager
    let rest: RestClient
    /// The venue's REST side: instruments, kline pages, depth snapshots.
    let history: BinanceHistory
    let simulator: SimulatedExchange?
    let httpClient: HTTPClient
    let endpointLabel: String
    let restBaseURL: String

    private init(manager: StreamManager, rest: RestClient, history: BinanceHistory, simulator: SimulatedExchange?, httpClient: HTTPClient,
                 endpointLabel: String, restBaseURL: String) {
        self.manager = manager
        self.rest = rest
        self.history = history
        self.simulator = simulator
        self.httpClient = httpClient
        self.endpointLabel = endpointLabel
        self.restBaseURL = restBaseURL
    }

    /// The built-in simulated exchange for `--demo`, with the flags' seed and speed, on a free
    /// loopback port.
    static func startSimulator(_ flags: ExchangeFlags) async throws -> (SimulatedExchange, Int) {
        var options = SimulatorOptions()
        options.seed = flags.seed
        options.speed = max(1, flags.speed)
        let sim = SimulatedExchange(options: options)
        let port = try await sim.start()
        return (sim, port)
    }

    /// `sink` takes the feed in batches on the event-loop threads; without one, updates arrive
    /// one by one on `manager.updates`.
    static func make(flags: ExchangeFlags, config: AppConfig = AppConfig(), sink: (any FeedSink)? = nil) async throws -> Feed {
        var simulator: SimulatedExchange?
        let wsURL: String
        let restURL: String
        if flags.demo {
            let (sim, port) = try await startSimulator(flags)
            simulator = sim
            wsURL = "ws://127.0.0.1:\(port)"
            restURL = "http://127.0.0.1:\(port)"
        } else {
            wsURL = flags.endpoint ?? config.streamEndpoint ?? BinanceVenue.streamURL
            restURL = flags.restEndpoint ?? config.restEndpoint ?? BinanceVenue.restURL
        }
        let endpoint: WebSocketEndpoint
        do {
            endpoint = try WebSocketEndpoint(parsing: wsURL)
        } catch {
            throw UserError(error.description)
        }
        guard restURL.hasPrefix("http://") || restURL.hasPrefix("https://") else {
            throw UserError("The REST endpoint \"\(restURL)\" is not an http:// or https:// URL.")
        }
        let streamsPerConnection = flags.streamsPerConnection ?? config.streamsPerConnection
        let historyBars = flags.historyBars ?? config.historyBars
        let staleAfter = flags.staleAfter ?? config.staleAfter
        guard (1...1024).contains(streamsPerConnection) else {
            throw UserError("--streams-per-connection must be between 1 and 1024, not \(streamsPerConnection).")
        }
        guard (1...5000).contains(historyBars) else {
            throw UserError("--history-bars must be between 1 and 5000, not \(historyBars).")
        }
        guard staleAfter > 0 else { throw UserError("--stale-after must be a positive number of seconds.") }
        let trust = try flags.trust(config: config)
        var restOptions = BinanceHistory.restOptions(baseURL: restURL)
        restOptions.userAgent = "thebot/\(TheBot.version)"
        restOptions.trust = trust
        let httpClient = HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton),
                                    configuration: RestClient.httpClientConfiguration(for: restOptions))
        let rest = RestClient(options: restOptions, httpClient: httpClient)
        let history = BinanceHistory(rest: rest)
        var options = StreamManagerOptions(endpoint: endpoint, streamsPerConnection: streamsPerConnection,
                                           staleAfter: staleAfter, historyBars: historyBars)
        options.trust = trust
        let manager = StreamManager(options: options, venue: venue, history: history, sink: sink)
        await manager.setRestStatusProvider {
            let status = await rest.status
            return (status.weightUsed ?? status.estimatedWeight, status.breaker.description)
        }
        let label = flags.demo ? "simulator \(endpoint.host):\(endpoint.port)" : endpoint.description
        return Feed(manager: manager, rest: rest, history: history, simulator: simulator, httpClient: httpClient,
                    endpointLabel: label, restBaseURL: restURL)
    }

    func shutdown() async {
        await manager.stop()
        try? await httpClient.shutdown()
        await simulator?.stop()
    }
}
