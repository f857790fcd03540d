import MarketModel

/// The outer shape of a frame: combined envelope, raw payload, control responses and errors.
extension FrameParser {
    @inline(__always)
    mutating func decodeFrame() throws(StreamDecodeError) -> StreamMessage {
        skipWhitespace()
        guard pos < count else { throw .emptyFrame }
        switch base[pos] {
        case UInt8(ascii: "{"):
            try parseObject(role: FrameParser.topRole, depth: 1)
            try requireEnd()
            return try decodeObjectFrame(table(FrameParser.topRole))
        case UInt8(ascii: "["):
            // The raw `!miniTicker@arr` stream sends a bare array.
            let start = pos
            try skipValue(depth: 1)
            try requireEnd()
            return .event(.tickers(try tickerArray(ValueRef(offset: Int32(start)), depth: 1, field: "[]")))
        default:
            throw .unexpectedByte(base[pos], at: pos)
        }
    }

    private mutating func requireEnd() throws(StreamDecodeError) {
        skipWhitespace()
        guard pos == count else { throw .trailingBytes(at: pos) }
    }

    @inline(__always)
    private mutating func decodeObjectFrame(_ top: FieldTable) throws(StreamDecodeError) -> StreamMessage {
        if top[FieldKey.stream].isPresent || top[FieldKey.data].isPresent {
            let stream = try stringContent(top, FieldKey.stream)
            let data = try present(top, FieldKey.data)
            switch base[data.index] {
            case UInt8(ascii: "{"):
                let payload = try childTable(data, role: FrameParser.dataRole, parentDepth: top.depth)
                return try decodePayload(payload, stream: stream)
            case UInt8(ascii: "["):
                return .event(.tickers(try tickerArray(data, depth: top.depth &+ 1, field: "data")))
            default:
                throw .wrongType(field: "data", expected: .object, found: kind(data))
            }
        }
        if top[FieldKey.result].isPresent {
            return try controlResult(top)
        }
        if top[FieldKey.error].isPresent {
            let value = top[FieldKey.error]
            guard base[value.index] == UInt8(ascii: "{") else {
                throw .wrongType(field: "error", expected: .object, found: kind(value))
            }
            let error = try childTable(value, role: FrameParser.errorRole, parentDepth: top.depth)
            return .error(code: try int64(error, FieldKey.code),
                          message: FrameParser.string(try stringContent(error, FieldKey.msg)),
                          id: try requestId(top))
        }
        if top[FieldKey.code].isPresent && top[FieldKey.msg].isPresent && !top[FieldKey.e].isPresent {
            return .error(code: try int64(top, FieldKey.code),
                          message: FrameParser.string(try stringContent(top, FieldKey.msg)),
                          id: try requestId(top))
        }
        return try decodePayload(top, stream: nil)
    }

    private mutating func controlResult(_ top: FieldTable) throws(StreamDecodeError) -> StreamMessage {
        let value = top[FieldKey.result]
        let id = try requestId(top)
        switch base[value.index] {
        case UInt8(ascii: "n"):
            return .subscriptionResult(id: id)
        case UInt8(ascii: "t"):
            return .propertyValue(id: id, value: true)
        case UInt8(ascii: "f"):
            return .propertyValue(id: id, value: false)
        case UInt8(ascii: "["):
            return .subscriptionList(id: id, streams: try stringArray(value, top, FieldKey.result))
        default:
            throw .wrongType(field: "result", expected: .array, found: kind(value))
        }
    }

    /// The request id echoed by a response. This client sends integer ids only, so a string id
    /// is not one of ours and reads as none.
    private func requestId(_ top: FieldTable) throws(StreamDecodeError) -> Int64? {
        guard let value = optional(top, FieldKey.id) else { return nil }
        switch kind(value) {
        case .integer: return try int64(value, top, FieldKey.id)
        case .string: return nil
        case let other: throw .wrongType(field: "id", expected: .integer, found: other)
        }
    }

    private mutating func stringArray(_ value: ValueRef, _ table: FieldTable, _ slot: Int) throws(StreamDecodeError) -> [String] {
        let saved = pos
        defer { pos = saved }
        pos = value.index &+ 1
        skipWhitespace()
        var result: [String] = []
        if base[pos] == UInt8(ascii: "]") { return result }
        while true {
            let start = pos
            try skipValue(depth: 0)
            result.append(FrameParser.string(try stringContent(ValueRef(offset: Int32(start)), table, slot)))
            skipWhitespace()
            let c = base[pos]
            pos &+= 1
            if c == UInt8(ascii: "]") { return result }
            skipWhitespace()
        }
    }

    /// All-market ticker arrays. Elements of unknown event types are skipped and counted.
    private mutating func tickerArray(_ value: ValueRef, depth: Int, field: String) throws(StreamDecodeError) -> [Ticker24h] {
        pos = value.index &+ 1
        skipWhitespace()
        var result: [Ticker24h] = []
        if base[pos] == UInt8(ascii: "]") { return result }
        while true {
            guard base[pos] == UInt8(ascii: "{") else {
                throw .wrongType(field: field, expected: .object, found: kind(ValueRef(offset: Int32(pos))))
            }
            try parseObject(role: FrameParser.dataRole, depth: depth &+ 1)
            let next = pos
            switch try decodePayload(table(FrameParser.dataRole), stream: nil) {
            case .event(.ticker(let ticker)):
                result.append(ticker)
            case .unknown:
                break
            default:
                throw .invalidValue(field: field)
            }
            pos = next
            skipWhitespace()
            let c = base[pos]
            pos &+= 1
            if c == UInt8(ascii: "]") { return result }
            skipWhitespace()
        }
    }
}
