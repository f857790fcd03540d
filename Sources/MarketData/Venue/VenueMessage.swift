import MarketModel

/// One decoded frame from a venue's market-data connection.
public enum VenueMessage: Sendable {
    case event(MarketEvent)
    /// The venue acknowledged control request `id`.
    case acknowledged(id: Int64?)
    /// The answer to a list request: the wire names the connection carries.
    case subscriptions(id: Int64?, names: [String])
    /// The venue refused request `id`. `invalidRequest` means the request itself is wrong
    /// (a stream name it does not know), so repeating it as is cannot help.
    case refused(code: Int64, message: String, id: Int64?, invalidRequest: Bool)
    /// The venue is about to close this connection: move its streams to a new one.
    case serverShutdown
    /// A frame the decoder could not read; the reason is for the log.
    case malformed(String)
    /// A well-formed event of a kind this client does not use.
    case unknown
}
