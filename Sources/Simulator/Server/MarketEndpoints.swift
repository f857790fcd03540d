import MarketModel
import NIOHTTP1

/// Binance's market-data endpoints.
extension RESTRouter {
    func api(path: String, query: [String: String]) -> HTTPReply {
        switch path {
        case "/api/v3/ping": return .json(.ok, "{}")
        case "/api/v3/time": return .json(.ok, "{\"serverTime\":\(core.clock.now())}")
        case "/api/v3/exchangeInfo": return exchangeInfo(query)
        case "/api/v3/klines", "/api/v3/uiKlines": return klines(query, truth: false)
        case "/api/v3/depth": return depth(query)
        case "/api/v3/ticker/24hr": return ticker(query)
        default: return .notFound
        }
    }

    static func missing(_ name: String) -> HTTPReply {
        .binanceError(-1102, "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed.")
    }

    static func illegal(_ name: String) -> HTTPReply {
        .binanceError(-1100, "Illegal characters found in parameter '\(name)'; legal range is '^[0-9]{1,20}$'.")
    }

    func symbolIndex(_ query: [String: String]) -> Result<Int, ReplyError> {
        guard let name = query["symbol"], !name.isEmpty else { return .failure(ReplyError(Self.missing("symbol"))) }
        guard let index = core.specs.firstIndex(where: { $0.symbol.name == name }) else {
            return .failure(ReplyError(.binanceError(-1121, "Invalid symbol.")))
        }
        return .success(index)
    }

    func integer(_ query: [String: String], _ name: String) -> Result<Int64?, ReplyError> {
        guard let text = query[name] else { return .success(nil) }
        guard let value = Int64(text), value >= 0 else { return .failure(ReplyError(Self.illegal(name))) }
        return .success(value)
    }

    /// Klines per PROTOCOL.md 5.1/5.2; with `truth`, only closed candles and no limit.
    func klines(_ query: [String: String], truth: Bool) -> HTTPReply {
        let index: Int
        switch symbolIndex(query) {
        case .success(let i): index = i
        case .failure(let e): return e.reply
        }
        guard let intervalText = query["interval"], !intervalText.isEmpty else { return Self.missing("interval") }
        guard let interval = Interval(rawValue: intervalText) else { return .binanceError(-1120, "Invalid interval.") }
        let start: Int64?, end: Int64?, limitValue: Int64?
        switch (integer(query, "startTime"), integer(query, "endTime"), integer(query, "limit")) {
        case (.success(let s), .success(let e), .success(let l)): (start, end, limitValue) = (s, e, l)
        case (.failure(let e), _, _), (_, .failure(let e), _), (_, _, .failure(let e)): return e.reply
        }
        if let start, let end, start > end { return .binanceError(-1023, "Start time is greater than end time.") }
        let now = core.clock.now()
        let frames = Frames(spec: core.specs[index])
        if truth {
            let candles = core.history.closedCandles(index, interval, from: start, to: end, now: now)
            return .json(.ok, "[" + candles.map(frames.klineRow).joined(separator: ",") + "]")
        }
        if let limitValue, limitValue < 1 { return Self.illegal("limit") }
        let limit = Int(min(limitValue ?? 500, 1_000))
        let first = interval.openTime(containing: core.history.origin)
        let upper = min(end ?? now, now)
        var times: [Int64] = []
        if let start {
            var t = interval.openTime(containing: max(start, first))
            if t < start { t = interval.nextOpenTime(after: t) }
            while times.count < limit && t <= upper {
                times.append(t)
                t = interval.nextOpenTime(after: t)
            }
        } else if upper >= first {
            var t = interval.openTime(containing: upper)
            while times.count < limit && t >= first {
                times.append(t)
                t = interval.previousOpenTime(before: t)
            }
            times.reverse()
        }
        var candles = core.history.candles(index, interval, openTimes: times, upTo: now)
        // A mark in force shows in the forming bar it was printed into, as on the streams.
        if let mark = engine.activeMark(index), let last = candles.indices.last,
           candles[last].openTime == interval.openTime(containing: mark.time),
           candles[last].openTime == interval.openTime(containing: now) {
            candles[last] = candles[last].marked(mark.price)
        }
        return .json(.ok, "[" + candles.map(frames.klineRow).joined(separator: ",") + "]")
    }

    func depth(_ query: [String: String]) -> HTTPReply {
        let index: Int
        switch symbolIndex(query) {
        case .success(let i): index = i
        case .failure(let e): return e.reply
        }
        var limit = 100
        if let text = query["limit"] {
            guard let value = Int(text), (1...5_000).contains(value) else { return Self.illegal("limit") }
            limit = value
        }
        let symbol = engine.live(index)
        return .json(.ok, Frames(spec: symbol.spec).partialDepth(symbol.book, levels: limit))
    }

    func ticker(_ query: [String: String]) -> HTTPReply {
        var indices: [Int] = []
        if query["symbol"] != nil {
            switch symbolIndex(query) {
            case .success(let i): indices = [i]
            case .failure(let e): return e.reply
            }
        } else if let list = query["symbols"] {
            let trimmed = list.filter { !"[]\" ".contains($0) }
            for name in trimmed.split(separator: ",") {
                guard let i = core.specs.firstIndex(where: { $0.symbol.name == name }) else {
                    return .binanceError(-1121, "Invalid symbol.")
                }
                indices.append(i)
            }
        } else {
            indices = Array(core.specs.indices)
        }
        let now = core.clock.now()
        let objects = indices.map { i -> String in
            let symbol = engine.live(i)
            var window = core.history.tickerWindow(i, now: now)
            if let mark = symbol.mark, Interval.m1.openTime(containing: mark.time) == Interval.m1.openTime(containing: now) {
                window.stats = window.stats.marked(mark.price)
            }
            return Frames(spec: symbol.spec).tickerREST(window, book: symbol.book)
        }
        if query["symbol"] != nil { return .json(.ok, objects[0]) }
        return .json(.ok, "[" + objects.joined(separator: ",") + "]")
    }

    func exchangeInfo(_ query: [String: String]) -> HTTPReply {
        var specs = core.specs
        if let name = query["symbol"] {
            specs = specs.filter { $0.symbol.name == name }
            if specs.isEmpty { return .binanceError(-1121, "Invalid symbol.") }
        } else if let list = query["symbols"] {
            let names = list.filter { !"[]\" ".contains($0) }.split(separator: ",").map(String.init)
            specs = specs.filter { names.contains($0.symbol.name) }
            if specs.count != names.count { return .binanceError(-1121, "Invalid symbol.") }
        }
        let limits = "[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,"
            + "\"limit\":\(core.options.weightLimitPerMinute)},"
            + "{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":100},"
            + "{\"rateLimitType\":\"ORDERS\",\"interval\":\"DAY\",\"intervalNum\":1,\"limit\":200000},"
            + "{\"rateLimitType\":\"RAW_REQUESTS\",\"interval\":\"MINUTE\",\"intervalNum\":5,\"limit\":61000}]"
        let symbols = specs.map(Self.symbolInfo).joined(separator: ",")
        return .json(.ok, "{\"timezone\":\"UTC\",\"serverTime\":\(core.clock.now()),\"rateLimits\":\(limits),"
            + "\"exchangeFilters\":[],\"symbols\":[\(symbols)]}")
    }

    static func symbolInfo(_ spec: SymbolSpec) -> String {
        func dec(_ mantissa: Int64, _ scale: Int) -> String { JSONText.quotedDecimal(mantissa, scale: scale) }
        let tick = dec(1, spec.tickDecimals)
        let step = dec(1, spec.stepDecimals)
        let maxPrice = spec.tickDecimals <= 2 ? dec(1_000_000, 0) : dec(1_000, 0)
        let maxQty = dec(9_000_000_000, 0)
        return "{\"symbol\":\"\(spec.symbol.name)\",\"status\":\"TRADING\",\"baseAsset\":\"\(spec.baseAsset)\","
            + "\"baseAssetPrecision\":8,\"quoteAsset\":\"\(spec.quoteAsset)\",\"quotePrecision\":8,"
            + "\"quoteAssetPrecision\":8,\"baseCommissionPrecision\":8,\"quoteCommissionPrecision\":8,"
            + "\"orderTypes\":[\"LIMIT\",\"LIMIT_MAKER\",\"MARKET\",\"STOP_LOSS_LIMIT\",\"TAKE_PROFIT_LIMIT\"],"
            + "\"icebergAllowed\":true,\"ocoAllowed\":true,\"otoAllowed\":true,\"quoteOrderQtyMarketAllowed\":true,"
            + "\"allowTrailingStop\":true,\"cancelReplaceAllowed\":true,\"isSpotTradingAllowed\":true,"
            + "\"isMarginTradingAllowed\":false,\"filters\":["
            + "{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\(tick),\"maxPrice\":\(maxPrice),\"tickSize\":\(tick)},"
            + "{\"filterType\":\"LOT_SIZE\",\"minQty\":\(step),\"maxQty\":\(maxQty),\"stepSize\":\(step)},"
            + "{\"filterType\":\"ICEBERG_PARTS\",\"limit\":10},"
            + "{\"filterType\":\"MARKET_LOT_SIZE\",\"minQty\":\(dec(0, 0)),\"maxQty\":\(maxQty),\"stepSize\":\(dec(0, 0))},"
            + "{\"filterType\":\"PERCENT_PRICE_BY_SIDE\",\"bidMultiplierUp\":\"5\",\"bidMultiplierDown\":\"0.2\","
            + "\"askMultiplierUp\":\"5\",\"askMultiplierDown\":\"0.2\",\"avgPriceMins\":5},"
            + "{\"filterType\":\"NOTIONAL\",\"minNotional\":\(dec(Int64(spec.minNotional), 0)),\"applyMinToMarket\":true,"
            + "\"maxNotional\":\(dec(9_000_000, 0)),\"applyMaxToMarket\":false,\"avgPriceMins\":5},"
            + "{\"filterType\":\"MAX_NUM_ORDERS\",\"maxNumOrders\":200},"
            + "{\"filterType\":\"MAX_NUM_ALGO_ORDERS\",\"maxNumAlgoOrders\":5}],"
            + "\"permissions\":[],\"permissionSets\":[[\"SPOT\"]],\"defaultSelfTradePreventionMode\":\"EXPIRE_MAKER\","
            + "\"allowedSelfTradePreventionModes\":[\"EXPIRE_TAKER\",\"EXPIRE_MAKER\",\"EXPIRE_BOTH\"]}"
    }
}

/// A finished error reply carried through a `Result`.
struct ReplyError: Error {
    var reply: HTTPReply
    init(_ reply: HTTPReply) { self.reply = reply }
}
