import ArgumentParser
import Simulator

/// `thebot sim`: the simulated exchange alone, for other clients and for tests.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the built-in simulated Binance exchange on 127.0.0.1.")

    @Option(name: .long, help: "Port to listen on (0 picks a free one and prints it).")
    var port = 9443

    @Option(name: .long, help: "Seed of the market model: the same seed gives the same market.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Speed factor: simulated seconds per real second (1-1000 and more).")
    var speed: Double = 1

    @Option(name: .customLong("history-days"), help: "Days of history served over REST.")
    var historyDays = 30

    @Option(name: .customLong("ping-interval"), help: "Seconds between server pings.")
    var pingInterval: Double = 20

    @Option(name: .customLong("pong-timeout"), help: "Seconds a client may take to answer a ping.")
    var pongTimeout: Double = 60

    func run() async throws {
        guard (0...65535).contains(port) else { throw Failure.exit(UserError("--port must be between 0 and 65535.")) }
        guard speed > 0 else { throw Failure.exit(UserError("--speed must be a positive number.")) }
        guard (1...3650).contains(historyDays) else { throw Failure.exit(UserError("--history-days must be between 1 and 3650.")) }
        var options = SimulatorOptions()
        options.port = port
        options.seed = seed
        options.speed = speed
        options.historyDays = historyDays
        options.pingInterval = pingInterval
        options.pongTimeout = pongTimeout
        do {
            try await SimulatorCLI.run(options: options)
        } catch {
            throw Failure.exit(error)
        }
    }
}
