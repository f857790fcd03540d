import MarketModel

/// Decodes Binance market-data WebSocket frames (raw or combined) straight from their bytes.
///
/// No Foundation, no intermediate strings or collections: a kline frame costs only the Candle
/// it produces. Anything malformed is a `StreamDecodeError`; a value is never guessed.
///
/// A kline frame in Binance's own shape is read in one pass by `KlineFastPath`; every other
/// frame, and any kline that differs from that shape, by the general `FrameParser`.
public struct StreamDecoder: Sendable {
    /// Frames (or all-market array elements) whose event type this client does not know.
    public private(set) var unknownEventCount = 0
    /// The fast path's last symbol and interval, reused while their bytes repeat.
    @usableFromInline var cache = KlineCache()

    public init() {}

    @inlinable @inline(__always)
    public mutating func decode(_ bytes: UnsafeRawBufferPointer) throws(StreamDecodeError) -> StreamMessage {
        try decode(start: bytes.baseAddress, count: bytes.count)
    }

    @inlinable @inline(__always)
    public mutating func decode(_ bytes: [UInt8]) throws(StreamDecodeError) -> StreamMessage {
        try bytes.withUnsafeBufferPointer { (buffer) throws(StreamDecodeError) -> StreamMessage in
            try decode(start: UnsafeRawPointer(buffer.baseAddress), count: buffer.count)
        }
    }

    /// Both entry points share this body, inlined so that the message is built once, in
    /// place: a StreamMessage is large, and each extra layer would copy it.
    @inlinable @inline(__always)
    mutating func decode(start: UnsafeRawPointer?, count: Int) throws(StreamDecodeError) -> StreamMessage {
        guard let start, count > 0 else { throw .emptyFrame }
        // Offsets are stored as Int32 to keep the field tables small.
        guard count < Int(Int32.max) else { throw .frameTooLarge(byteCount: count) }
        var fields = KlineFields()
        if let symbol = KlineFastPath.read(start, count: count, cache: &cache, into: &fields) {
            return .event(.candle(fields.candle(symbol)))
        }
        return try decodeGeneral(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// Any frame, through the field tables of `FrameParser`.
    @usableFromInline @inline(never)
    mutating func decodeGeneral(_ bytes: UnsafeRawBufferPointer) throws(StreamDecodeError) -> StreamMessage {
        try bytes.withMemoryRebound(to: UInt8.self) { (frame) throws(StreamDecodeError) -> StreamMessage in
            // The tables take 704 bytes: below 1 KB, the allocation is on the stack.
            try withUnsafeTemporaryAllocation(of: ValueRef.self, capacity: FrameParser.storageCount) {
                (storage) throws(StreamDecodeError) -> StreamMessage in
                var parser = FrameParser(base: frame.baseAddress!, count: frame.count, storage: storage.baseAddress!)
                let message = try parser.decodeFrame()
                // Counted for decoded frames only: a frame that fails is reported as an error.
                unknownEventCount &+= parser.unknownEvents
                return message
            }
        }
    }
}
