import MarketModel

/// What a stream carries.
enum StreamKind: Hashable, Sendable {
    case kline(Interval)
    case aggTrade
    case trade
    case bookTicker
    case miniTicker
    case ticker
    case allMiniTickers
    case partialDepth(levels: Int, fast: Bool)
    case diffDepth(fast: Bool)
}

/// A stream name as a client writes it (`btcusdt@kline_1m`), parsed against the listed symbols.
struct StreamName: Hashable, Sendable {
    let name: String
    /// Index into the symbol list; nil for all-market streams.
    let symbol: Int?
    let kind: StreamKind

    static func parse(_ text: String, specs: [SymbolSpec]) -> StreamName? {
        if text == "!miniTicker@arr" { return StreamName(name: text, symbol: nil, kind: .allMiniTickers) }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts.count <= 3,
              let symbol = specs.firstIndex(where: { $0.symbol.name.lowercased() == parts[0] }) else { return nil }
        let kind: StreamKind
        switch (parts[1], parts.count == 3 ? parts[2] : nil) {
        case ("aggTrade", nil): kind = .aggTrade
        case ("trade", nil): kind = .trade
        case ("bookTicker", nil): kind = .bookTicker
        case ("miniTicker", nil): kind = .miniTicker
        case ("ticker", nil): kind = .ticker
        case ("depth", nil): kind = .diffDepth(fast: false)
        case ("depth", "100ms"): kind = .diffDepth(fast: true)
        case ("depth", "1000ms"): kind = .diffDepth(fast: false)
        case (let body, let speed) where body.hasPrefix("depth"):
            guard let levels = Int(body.dropFirst(5)), [5, 10, 20].contains(levels) else { return nil }
            switch speed {
            case nil, "1000ms"?: kind = .partialDepth(levels: levels, fast: false)
            case "100ms"?: kind = .partialDepth(levels: levels, fast: true)
            default: return nil
            }
        case (let body, nil) where body.hasPrefix("kline_"):
            guard let interval = Interval(rawValue: String(body.dropFirst(6))) else { return nil }
            kind = .kline(interval)
        default:
            return nil
        }
        return StreamName(name: text, symbol: symbol, kind: kind)
    }

    /// Streams named in a connection URL: `/ws/a/b`, `/ws`, or `/stream?streams=a/b`.
    /// Returns nil when the path is not a stream endpoint; `.failure` names a bad stream.
    static func fromURI(_ uri: String, specs: [SymbolSpec]) -> Result<(streams: [StreamName], combined: Bool), StreamURIError>? {
        let (path, query) = HTTPQuery.split(uri)
        var names: [String]
        let combined: Bool
        if path == "/ws" || path == "/ws/" {
            names = []
            combined = false
        } else if path.hasPrefix("/ws/") {
            names = path.dropFirst(4).split(separator: "/").map(String.init)
            combined = false
        } else if path == "/stream" || path == "/stream/" {
            names = (query["streams"] ?? "").split(separator: "/").map(String.init)
            combined = true
        } else {
            return nil
        }
        names = names.filter { !$0.isEmpty }
        var streams: [StreamName] = []
        for name in names {
            guard let stream = parse(name, specs: specs) else { return .failure(StreamURIError(stream: name)) }
            if !streams.contains(stream) { streams.append(stream) }
        }
        guard streams.count <= 1024 else { return .failure(StreamURIError(stream: "more than 1024 streams")) }
        return .success((streams, combined))
    }
}

struct StreamURIError: Error, Sendable {
    var stream: String
}
