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

    // The entry points are inlined into their callers, with the fast path's call: the
    // StreamMessage they build is then matched where it is built, and a kline's Candle goes
    // straight to the caller, instead of being copied (170 bytes) through every layer. Only
    // the fast path's call returns through a closure, and it returns a Symbol? (registers).

    @inlinable @inline(__always)
    public mutating func decode(_ bytes: UnsafeRawBufferPointer) throws(StreamDecodeError) -> StreamMessage {
        var fields = KlineFields()
        if let start = bytes.baseAddress,
           let symbol = KlineFastPath.read(start, count: bytes.count, cache: &cache, into: &fields) {
            return .event(.candle(fields.candle(symbol)))
        }
        return try decodeGeneral(bytes)
    }

    @inlinable @inline(__always)
    public mutating func decode(_ bytes: [UInt8]) throws(StreamDecodeError) -> StreamMessage {
        var fields = KlineFields()
        let symbol = bytes.withUnsafeBytes { raw in
            raw.baseAddress.flatMap { KlineFastPath.read($0, count: raw.count, cache: &cache, into: &fields) }
        }
        if let symbol {
            return .event(.candle(fields.candle(symbol)))
        }
        return try decodeGeneral(bytes)
    }

    /// Any frame through the general parser alone, without the kline fast path: the reference
    /// the fast path must agree with, frame for frame (the tests and the fuzz harness compare).
    public mutating func decodeWithoutFastPath(_ bytes: UnsafeRawBufferPointer) throws(StreamDecodeError) -> StreamMessage {
        try decodeGeneral(bytes)
    }

    @usableFromInline @inline(never)
    mutating func decodeGeneral(_ bytes: [UInt8]) throws(StreamDecodeError) -> StreamMessage {
        try bytes.withUnsafeBufferPointer { (buffer) throws(StreamDecodeError) -> StreamMessage in
            try decodeGeneral(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Any frame, through the field tables of `FrameParser`.
    @usableFromInline @inline(never)
    mutating func decodeGeneral(_ bytes: UnsafeRawBufferPointer) throws(StreamDecodeError) -> StreamMessage {
        guard bytes.count > 0 else { throw .emptyFrame }
        // Offsets are stored as Int32 to keep the field tables small.
        guard bytes.count < Int(Int32.max) else { throw .frameTooLarge(byteCount: bytes.count) }
        return try bytes.withMemoryRebound(to: UInt8.self) { (frame) throws(StreamDecodeError) -> StreamMessage in
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
