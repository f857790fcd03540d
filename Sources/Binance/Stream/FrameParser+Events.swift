import MarketModel

/// Market events from a payload object (a raw frame, or `data` of a combined one).
extension FrameParser {
    /// `stream` is the combined envelope's stream name, the only place a partial-depth payload
    /// names its symbol.
    @inline(__always)
    mutating func decodePayload(_ p: FieldTable, stream: UnsafeBufferPointer<UInt8>?) throws(StreamDecodeError) -> StreamMessage {
        if p[FieldKey.e].isPresent {
            let type = try stringContent(p, FieldKey.e)
            let start = type.baseAddress!
            switch type.count {
            case 5 where FieldKey.matches(start, "kline"):
                return .event(.candle(try kline(p)))
            case 5 where FieldKey.matches(start, "trade"):
                return .event(.trade(try trade(p)))
            case 8 where FieldKey.matches(start, "aggTrade"):
                return .event(.trade(try aggregateTrade(p)))
            case 10 where FieldKey.matches(start, "bookTicker"):
                return .event(.bookTop(try bookTop(p)))
            case 10 where FieldKey.matches(start, "24hrTicker"):
                return .event(.ticker(try ticker(p, mini: false)))
            case 11 where FieldKey.matches(start, "depthUpdate"):
                return .event(.depthUpdate(try depthUpdate(p)))
            case 14 where FieldKey.matches(start, "24hrMiniTicker"):
                return .event(.ticker(try ticker(p, mini: true)))
            case 14 where FieldKey.matches(start, "serverShutdown"):
                return .serverShutdown(eventTime: try optionalInt64(p, FieldKey.E))
            default:
                unknownEvents += 1
                return .unknown(eventType: FrameParser.string(type))
            }
        }
        // Partial depth and the spot bookTicker carry no event type; their key sets tell them apart.
        if p[FieldKey.lastUpdateId].isPresent {
            return .event(.partialDepth(symbol: stream.flatMap(FrameParser.symbol(fromStream:)),
                                        try partialDepth(p)))
        }
        if p[FieldKey.u].isPresent && p[FieldKey.b].isPresent && p[FieldKey.a].isPresent {
            return .event(.bookTop(try bookTop(p)))
        }
        throw .missingField(p.name(FieldKey.e))
    }

    @inline(__always)
    mutating func kline(_ p: FieldTable) throws(StreamDecodeError) -> Candle {
        let kValue = try present(p, FieldKey.k)
        guard base[kValue.index] == UInt8(ascii: "{") else {
            throw .wrongType(field: "k", expected: .object, found: kind(kValue))
        }
        let k = try childTable(kValue, role: FrameParser.klineRole, parentDepth: p.depth)
        let symbol = p[FieldKey.s].isPresent ? try symbol(p, FieldKey.s) : try symbol(k, FieldKey.s)
        return Candle(
            symbol: symbol,
            interval: try interval(k, FieldKey.i),
            openTime: try int64(k, FieldKey.t),
            closeTime: try int64(k, FieldKey.T),
            open: try decimal(k, FieldKey.o),
            high: try decimal(k, FieldKey.h),
            low: try decimal(k, FieldKey.l),
            close: try decimal(k, FieldKey.c),
            volume: try decimal(k, FieldKey.v),
            quoteVolume: try optionalDecimal(k, FieldKey.q) ?? .zero,
            trades: try optionalInt64(k, FieldKey.n) ?? 0,
            takerBuyBaseVolume: try optionalDecimal(k, FieldKey.V) ?? .zero,
            takerBuyQuoteVolume: try optionalDecimal(k, FieldKey.Q) ?? .zero,
            isClosed: try bool(k, FieldKey.x))
    }

    func trade(_ p: FieldTable) throws(StreamDecodeError) -> Trade {
        Trade(kind: .trade,
              symbol: try symbol(p, FieldKey.s),
              eventTime: try int64(p, FieldKey.E),
              id: try int64(p, FieldKey.t),
              price: try decimal(p, FieldKey.p),
              quantity: try decimal(p, FieldKey.q),
              time: try int64(p, FieldKey.T),
              isBuyerMaker: try bool(p, FieldKey.m),
              // Order ids: only in captures from before 2024-06-18.
              buyerOrderId: try optionalInt64(p, FieldKey.b),
              sellerOrderId: try optionalInt64(p, FieldKey.a))
    }

    func aggregateTrade(_ p: FieldTable) throws(StreamDecodeError) -> Trade {
        Trade(kind: .aggregate,
              symbol: try symbol(p, FieldKey.s),
              eventTime: try int64(p, FieldKey.E),
              id: try int64(p, FieldKey.a),
              price: try decimal(p, FieldKey.p),
              quantity: try decimal(p, FieldKey.q),
              time: try int64(p, FieldKey.T),
              isBuyerMaker: try bool(p, FieldKey.m),
              firstTradeId: try int64(p, FieldKey.f),
              lastTradeId: try int64(p, FieldKey.l))
    }

    func bookTop(_ p: FieldTable) throws(StreamDecodeError) -> BookTop {
        BookTop(symbol: try symbol(p, FieldKey.s),
                updateId: try int64(p, FieldKey.u),
                bidPrice: try decimal(p, FieldKey.b),
                bidQuantity: try decimal(p, FieldKey.B),
                askPrice: try decimal(p, FieldKey.a),
                askQuantity: try decimal(p, FieldKey.A),
                eventTime: try optionalInt64(p, FieldKey.E),
                transactionTime: try optionalInt64(p, FieldKey.T))
    }

    func ticker(_ p: FieldTable, mini: Bool) throws(StreamDecodeError) -> Ticker24h {
        var t = Ticker24h(symbol: try symbol(p, FieldKey.s),
                          eventTime: try int64(p, FieldKey.E),
                          isMini: mini,
                          last: try decimal(p, FieldKey.c),
                          open: try decimal(p, FieldKey.o),
                          high: try decimal(p, FieldKey.h),
                          low: try decimal(p, FieldKey.l),
                          volume: try decimal(p, FieldKey.v),
                          quoteVolume: try decimal(p, FieldKey.q))
        guard !mini else { return t }
        t.priceChange = try optionalDecimal(p, FieldKey.p)
        t.priceChangePercent = try optionalDecimal(p, FieldKey.P)
        t.weightedAveragePrice = try optionalDecimal(p, FieldKey.w)
        t.firstTradePrice = try optionalDecimal(p, FieldKey.x)
        t.lastQuantity = try optionalDecimal(p, FieldKey.Q)
        t.bidPrice = try optionalDecimal(p, FieldKey.b)
        t.bidQuantity = try optionalDecimal(p, FieldKey.B)
        t.askPrice = try optionalDecimal(p, FieldKey.a)
        t.askQuantity = try optionalDecimal(p, FieldKey.A)
        t.statsOpenTime = try optionalInt64(p, FieldKey.O)
        t.statsCloseTime = try optionalInt64(p, FieldKey.C)
        t.firstTradeId = try optionalInt64(p, FieldKey.F)
        t.lastTradeId = try optionalInt64(p, FieldKey.L)
        t.tradeCount = try optionalInt64(p, FieldKey.n)
        return t
    }

    mutating func depthUpdate(_ p: FieldTable) throws(StreamDecodeError) -> DepthUpdate {
        DepthUpdate(symbol: try symbol(p, FieldKey.s),
                    eventTime: try int64(p, FieldKey.E),
                    firstUpdateId: try int64(p, FieldKey.U),
                    finalUpdateId: try int64(p, FieldKey.u),
                    bids: try levels(p, FieldKey.b),
                    asks: try levels(p, FieldKey.a))
    }

    mutating func partialDepth(_ p: FieldTable) throws(StreamDecodeError) -> DepthSnapshot {
        DepthSnapshot(lastUpdateId: try int64(p, FieldKey.lastUpdateId),
                      bids: try levels(p, FieldKey.bids),
                      asks: try levels(p, FieldKey.asks))
    }

    /// `[["price","qty"], ...]`. Extra elements after the quantity are skipped: old depth
    /// frames carried a third, empty array.
    mutating func levels(_ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> [PriceLevel] {
        let value = try present(table, slot)
        guard base[value.index] == UInt8(ascii: "[") else {
            throw .wrongType(field: table.name(slot), expected: .array, found: kind(value))
        }
        let saved = pos
        defer { pos = saved }
        // The array was validated when the object was read, so only types are checked here.
        pos = value.index &+ 1
        skipWhitespace()
        var result: [PriceLevel] = []
        if base[pos] == UInt8(ascii: "]") { return result }
        while true {
            guard base[pos] == UInt8(ascii: "[") else {
                throw .wrongType(field: table.name(slot), expected: .array, found: kind(ValueRef(offset: Int32(pos))))
            }
            pos &+= 1
            skipWhitespace()
            let price = try levelDecimal(table, slot)
            skipWhitespace()
            guard base[pos] == UInt8(ascii: ",") else { throw .invalidValue(field: table.name(slot)) }
            pos &+= 1
            skipWhitespace()
            let quantity = try levelDecimal(table, slot)
            skipWhitespace()
            while base[pos] == UInt8(ascii: ",") {
                pos &+= 1
                skipWhitespace()
                try skipValue(depth: 0)
                skipWhitespace()
            }
            pos &+= 1 // the level's closing bracket
            result.append(PriceLevel(price: price, quantity: quantity))
            skipWhitespace()
            let c = base[pos]
            pos &+= 1
            if c == UInt8(ascii: "]") { return result }
            skipWhitespace()
        }
    }

    private mutating func levelDecimal(_ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> ExactDecimal {
        let start = pos
        guard base[pos] != UInt8(ascii: "]") else { throw .invalidValue(field: table.name(slot)) }
        try skipValue(depth: 0)
        return try decimal(ValueRef(offset: Int32(start)), table, slot)
    }

    /// `ethusdt@depth20@100ms` → `ETHUSDT`.
    static func symbol(fromStream stream: UnsafeBufferPointer<UInt8>) -> Symbol? {
        let name = string(stream)
        guard let at = name.firstIndex(of: "@"), at != name.startIndex else { return nil }
        let prefix = name[..<at]
        guard !prefix.hasPrefix("!") else { return nil }
        return Symbol(exchangeName: prefix.uppercased())
    }
}
