/// Request paths for the market-data WebSocket hosts (`wss://stream.binance.com:9443`,
/// `wss://data-stream.binance.vision`).
public enum StreamPath {
    /// `/stream?streams=a/b`: every payload arrives wrapped as `{"stream":..,"data":..}`.
    /// More streams can be added later with SUBSCRIBE, which keeps the URL short (Binance
    /// clients hit a limit near 8000 characters).
    public static func combined(_ streams: [StreamName]) -> String {
        "/stream?streams=" + streams.map(\.description).joined(separator: "/")
    }

    /// `/ws/<name>`: payloads arrive bare. A partial-depth payload then has no symbol.
    public static func raw(_ stream: StreamName) -> String {
        "/ws/" + stream.description
    }
}
