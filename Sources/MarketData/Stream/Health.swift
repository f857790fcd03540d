/// Where a connection (or the whole feed) stands, in the order a trader would worry about it.
public enum ConnectionState: String, Sendable, Hashable, Codable {
    case connecting, live, stale, reconnecting, down
}

/// Health of one WebSocket connection.
public struct ConnectionHealth: Sendable, Hashable, Codable {
    public var id: Int
    public var state: ConnectionState
    public var streams: Int
    /// Seconds since the last frame of any kind (nil before the first).
    public var lastMessageAge: Double?
    public var messagesPerSecond: Double
    public var reconnects: Int
    /// Planned make-before-break replacements (age limit, serverShutdown): no data lost.
    public var rotations: Int
    public var lastError: String?

    public init(id: Int, state: ConnectionState, streams: Int, lastMessageAge: Double?, messagesPerSecond: Double,
                reconnects: Int, rotations: Int = 0, lastError: String?) {
        self.id = id
        self.state = state
        self.streams = streams
        self.lastMessageAge = lastMessageAge
        self.messagesPerSecond = messagesPerSecond
        self.reconnects = reconnects
        self.rotations = rotations
        self.lastError = lastError
    }
}

/// The whole feed: what the status bar and `health` lines show.
public struct FeedHealth: Sendable, Hashable, Codable {
    public var state: ConnectionState
    public var connections: [ConnectionHealth]
    public var lastMessageAge: Double?
    public var messagesPerSecond: Double
    public var reconnects: Int
    public var rotations: Int
    public var lastError: String?
    public var backfilling: Int
    public var restWeightUsed: Int
    public var breaker: String
    public var decodeErrors: Int
    public var unknownEvents: Int

    public init(state: ConnectionState = .connecting, connections: [ConnectionHealth] = [], lastMessageAge: Double? = nil,
                messagesPerSecond: Double = 0, reconnects: Int = 0, rotations: Int = 0, lastError: String? = nil, backfilling: Int = 0,
                restWeightUsed: Int = 0, breaker: String = "closed", decodeErrors: Int = 0, unknownEvents: Int = 0) {
        self.state = state
        self.connections = connections
        self.lastMessageAge = lastMessageAge
        self.messagesPerSecond = messagesPerSecond
        self.reconnects = reconnects
        self.rotations = rotations
        self.lastError = lastError
        self.backfilling = backfilling
        self.restWeightUsed = restWeightUsed
        self.breaker = breaker
        self.decodeErrors = decodeErrors
        self.unknownEvents = unknownEvents
    }

    /// The worst state of any connection decides the feed's state.
    public static func overall(_ states: [ConnectionState]) -> ConnectionState {
        if states.isEmpty { return .connecting }
        if states.allSatisfy({ $0 == .live }) { return .live }
        if states.contains(.down) { return .down }
        if states.contains(.reconnecting) { return .reconnecting }
        if states.contains(.stale) { return .stale }
        return .connecting
    }
}
