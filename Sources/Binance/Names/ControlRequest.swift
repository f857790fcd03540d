import MarketModel
/// A live control message for a stream connection, as the JSON text Binance expects.
/// Every request counts toward the 5 incoming messages per second a connection may send.
public enum ControlRequest: Sendable, Hashable {
    case subscribe([StreamName], id: Int64)
    case unsubscribe([StreamName], id: Int64)
    case listSubscriptions(id: Int64)
    /// SET_PROPERTY `combined`: whether payloads arrive wrapped in `{"stream","data"}`.
    case setCombined(Bool, id: Int64)
    /// GET_PROPERTY `combined`; answered by `StreamMessage.propertyValue`.
    case getCombined(id: Int64)

    public var id: Int64 {
        switch self {
        case .subscribe(_, let id), .unsubscribe(_, let id), .listSubscriptions(let id),
             .setCombined(_, let id), .getCombined(let id):
            return id
        }
    }

    /// Compact JSON, e.g. `{"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":1}`.
    public var json: String {
        switch self {
        case .subscribe(let streams, let id):
            return Self.message("SUBSCRIBE", params: streams.map { Self.quoted($0.description) }, id: id)
        case .unsubscribe(let streams, let id):
            return Self.message("UNSUBSCRIBE", params: streams.map { Self.quoted($0.description) }, id: id)
        case .listSubscriptions(let id):
            return Self.message("LIST_SUBSCRIPTIONS", params: nil, id: id)
        case .setCombined(let value, let id):
            return Self.message("SET_PROPERTY", params: [Self.quoted("combined"), value ? "true" : "false"], id: id)
        case .getCombined(let id):
            return Self.message("GET_PROPERTY", params: [Self.quoted("combined")], id: id)
        }
    }

    static func message(_ method: String, params: [String]?, id: Int64) -> String {
        var text = "{\"method\":\"\(method)\""
        if let params {
            text += ",\"params\":[" + params.joined(separator: ",") + "]"
        }
        return text + ",\"id\":\(id)}"
    }

    /// Stream names are ASCII in practice, but a symbol from the exchange may hold any UTF-8.
    static func quoted(_ text: String) -> String { JSONString.quoted(text) }
}
