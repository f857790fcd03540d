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

    @Option(name: .customLong("start-time"), help: "Simulated epoch ms at start (default: now). Same seed and start give the same market.")
    var startTime: Int64?

    @Option(name: .customLong("weight-limit"), help: "REST request weight allowed per minute.")
    var weightLimit = 6000

    @Flag(name: .customLong("disconnect-on-rate-violation"), help: "Drop a client that sends more than 5 messages a second, as Binance does.")
    var disconnectOnRateViolation = false

    @Option(name: .customLong("drop-every"), help: "Fault: drop every connection every N simulated seconds.")
    var dropEvery: Double = 0

    @Option(name: .customLong("drop-probability"), help: "Fault: drop each connection with this probability per real second.")
    var dropProbability: Double = 0

    @Option(name: .customLong("malformed-rate"), help: "Fault: fraction of frames sent malformed (e.g. 0.02).")
    var malformedRate: Double = 0

    @Option(name: .customLong("stall-every"), help: "Fault: stall connections every N simulated seconds (with --stall-seconds).")
    var stallEvery: Double = 0

    @Option(name: .customLong("stall-seconds"), help: "Fault: how long a stall lasts, in real seconds.")
    var stallSeconds: Double = 0

    @Option(name: .customLong("refuse-connections"), help: "Fault: refuse new connections for the first N seconds.")
    var refuseConnections: Double = 0

    @Option(name: .customLong("rest-delay-ms"), help: "Fault: delay every REST response by N ms.")
    var restDelayMs = 0

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
        options.startTime = startTime
        options.weightLimitPerMinute = weightLimit
        options.disconnectOnControlRateViolation = disconnectOnRateViolation
        guard (0...1).contains(malformedRate), (0...1).contains(dropProbability) else {
            throw Failure.exit(UserError("--malformed-rate and --drop-probability must be between 0 and 1."))
        }
        options.faults.dropEverySimulatedSeconds = dropEvery
        options.faults.dropProbabilityPerSecond = dropProbability
        options.faults.malformedRate = malformedRate
        options.faults.stallEverySimulatedSeconds = stallEvery
        options.faults.stallSeconds = stallSeconds
        options.faults.refuseConnectionsSeconds = refuseConnections
        options.faults.restDelayMilliseconds = restDelayMs
        do {
            try await SimulatorCLI.run(options: options)
        } catch {
            throw Failure.exit(error)
        }
    }
}
