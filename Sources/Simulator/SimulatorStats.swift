/// Counters of what the exchange did and what its clients did wrong, for tests and
/// `GET /sim/stats`.
public struct SimulatorStats: Sendable, Equatable {
    public var connectionsOpen = 0
    public var connectionsTotal = 0
    /// Every WebSocket frame written: data, control responses, pings, pongs, malformed.
    public var framesSent = 0
    public var dataFramesSent = 0
    public var klineClosesSent = 0
    /// Data frames by kind: kline updates and closes; trades and aggregate trades.
    public var klineFramesSent = 0
    public var tradeFramesSent = 0
    public var controlResponses = 0
    public var pingsSent = 0
    public var pongsReceived = 0
    /// Close frames clients sent (a client shutting down cleanly says goodbye with one).
    public var closeFramesReceived = 0
    /// Pongs carrying the payload of one of the connection's latest pings, and pongs that do not.
    public var pongsEchoingPing = 0
    public var pongsNotEchoingPing = 0
    /// Connections the server closed: by fault, pong timeout, rate limit or shutdown.
    public var drops = 0
    public var dropsByReason: [String: Int] = [:]
    public var malformedSent = 0
    public var stalls = 0
    public var serverShutdownsSent = 0
    public var upgradesRefused = 0
    /// Frames of real-time streams left out to keep high speeds affordable.
    public var framesSampledOut = 0
    /// Frames left out because a client was not reading (kline closes are never left out).
    public var framesSkippedSlowClient = 0
    /// Trade frames left out while a mark held their symbol.
    public var framesHeldForMark = 0
    /// The latest marks printed (`{"action":"mark"}`), oldest first.
    public var marks: [MarkRecord] = []
    /// Kinds: `control_rate`, `rest_weight`.
    public var protocolViolations: [String: Int] = ["control_rate": 0, "rest_weight": 0]
    public var restRequests = 0
    /// REST requests received and not yet answered, now and at most.
    public var restInFlight = 0
    public var restMaxInFlight = 0
    /// SUBSCRIBE requests answered with an injected error.
    public var subscribesRejected = 0
    public var rest429 = 0
    public var rest418 = 0
    public var rest5xx = 0
    public var simulatedNow: Int64 = 0

    public init() {}

    mutating func drop(_ reason: String) {
        drops += 1
        dropsByReason[reason, default: 0] += 1
    }

    mutating func violation(_ kind: String) {
        protocolViolations[kind, default: 0] += 1
    }

    var json: String {
        func map(_ m: [String: Int]) -> String {
            "{" + m.keys.sorted().map { "\(JSONText.quoted($0)):\(m[$0]!)" }.joined(separator: ",") + "}"
        }
        return "{\"connections_open\":\(connectionsOpen),\"connections_total\":\(connectionsTotal),"
            + "\"frames_sent\":\(framesSent),\"data_frames_sent\":\(dataFramesSent),"
            + "\"kline_closes_sent\":\(klineClosesSent),\"kline_frames_sent\":\(klineFramesSent),"
            + "\"trade_frames_sent\":\(tradeFramesSent),\"control_responses\":\(controlResponses),"
            + "\"pings_sent\":\(pingsSent),\"pongs_received\":\(pongsReceived),"
            + "\"close_frames_received\":\(closeFramesReceived),"
            + "\"pongs_echoing_ping\":\(pongsEchoingPing),\"pongs_not_echoing_ping\":\(pongsNotEchoingPing),"
            + "\"drops\":\(drops),"
            + "\"drops_by_reason\":\(map(dropsByReason)),\"malformed_sent\":\(malformedSent),"
            + "\"stalls\":\(stalls),\"server_shutdowns_sent\":\(serverShutdownsSent),"
            + "\"upgrades_refused\":\(upgradesRefused),\"frames_sampled_out\":\(framesSampledOut),"
            + "\"frames_skipped_slow_client\":\(framesSkippedSlowClient),"
            + "\"frames_held_for_mark\":\(framesHeldForMark),"
            + "\"marks\":[" + marks.map(\.json).joined(separator: ",") + "],"
            + "\"protocol_violations\":\(map(protocolViolations)),\"rest_requests\":\(restRequests),"
            + "\"rest_max_in_flight\":\(restMaxInFlight),\"subscribes_rejected\":\(subscribesRejected),"
            + "\"rest_429\":\(rest429),\"rest_418\":\(rest418),\"rest_5xx\":\(rest5xx),"
            + "\"simulated_now\":\(simulatedNow)}"
    }
}
