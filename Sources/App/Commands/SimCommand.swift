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

    @Option(name: .long, help: ArgumentHelp("Load test: send N kline and trade frames a real second, shared evenly by every kline and trade stream.",
                                            valueName: "N"))
    var firehose: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port).") }
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number, not \(speed).") }
        guard (1...3650).contains(historyDays) else { throw ValidationError("--history-days must be between 1 and 3650, not \(historyDays).") }
        guard pingInterval > 0, pingInterval.isFinite else { throw ValidationError("--ping-interval must be a positive number of seconds, not \(pingInterval).") }
        guard pongTimeout > 0, pongTimeout.isFinite else { throw ValidationError("--pong-timeout must be a positive number of seconds, not \(pongTimeout).") }
        guard weightLimit > 0 else { throw ValidationError("--weight-limit must be a positive whole number, not \(weightLimit).") }
        for (flag, value) in [("--drop-every", dropEvery), ("--stall-every", stallEvery), ("--stall-seconds", stallSeconds),
                              ("--refuse-connections", refuseConnections), ("--rest-delay-ms", Double(restDelayMs))] {
            guard value >= 0, value.isFinite else { throw ValidationError("\(flag) must be 0 (off) or a positive number, not \(value).") }
        }
        guard (0...1).contains(malformedRate) else { throw ValidationError("--malformed-rate must be between 0 and 1, not \(malformedRate).") }
        guard (0...1).contains(dropProbability) else { throw ValidationError("--drop-probability must be between 0 and 1, not \(dropProbability).") }
        if let firehose, !(1...1_000_000).contains(firehose) {
            throw ValidationError("--firehose must be a whole number of frames a second from 1 to 1000000, not \(firehose).")
        }
    }

    func run() async throws {
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
        options.faults.dropEverySimulatedSeconds = dropEvery
        options.faults.dropProbabilityPerSecond = dropProbability
        options.faults.malformedRate = malformedRate
        options.faults.stallEverySimulatedSeconds = stallEvery
        options.faults.stallSeconds = stallSeconds
        options.faults.refuseConnectionsSeconds = refuseConnections
        options.faults.restDelayMilliseconds = restDelayMs
        options.firehose = firehose ?? 0
        do {
            try await SimulatorCLI.run(options: options)
        } catch {
            throw Failure.exit(error)
        }
    }
}
