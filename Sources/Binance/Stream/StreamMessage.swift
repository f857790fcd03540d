import MarketModel

/// One decoded frame from a market-data WebSocket connection.
public enum StreamMessage: Sendable, Hashable {
    case event(MarketEvent)
    /// Acknowledgement of SUBSCRIBE, UNSUBSCRIBE or SET_PROPERTY (`{"result":null,"id":1}`).
    case subscriptionResult(id: Int64?)
    /// Answer to LIST_SUBSCRIPTIONS.
    case subscriptionList(id: Int64?, streams: [String])
    /// Answer to GET_PROPERTY (the only property is `combined`).
    case propertyValue(id: Int64?, value: Bool)
    /// An error answer, nested (`{"error":{code,msg},"id":N}`) or flat (`{code,msg}`).
    case error(code: Int64, message: String, id: Int64?)
    /// The server is about to go away: reconnect now.
    case serverShutdown(eventTime: Int64?)
    /// An event type this client does not know; the caller counts and skips it.
    case unknown(eventType: String)
}
