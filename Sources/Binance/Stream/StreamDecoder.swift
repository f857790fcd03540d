/// Decodes Binance market-data WebSocket frames (raw or combined) straight from their bytes.
///
/// No Foundation, no intermediate strings or collections: a kline frame costs only the Candle
/// it produces. Anything malformed is a `StreamDecodeError`; a value is never guessed.
public struct StreamDecoder: Sendable {
    /// Frames (or all-market array elements) whose event type this client does not know.
    public private(set) var unknownEventCount = 0

    public init() {}

    public mutating func decode(_ bytes: UnsafeRawBufferPointer) throws(StreamDecodeError) -> StreamMessage {
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

    public mutating func decode(_ bytes: [UInt8]) throws(StreamDecodeError) -> StreamMessage {
        // Array.withUnsafeBytes only rethrows untyped errors, hence the Result.
        try bytes.withUnsafeBytes { raw in
            Result { () throws(StreamDecodeError) -> StreamMessage in try decode(raw) }
        }.get()
    }
}
