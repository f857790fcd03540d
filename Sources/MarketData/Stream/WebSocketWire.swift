import NIOCore

/// The head of one WebSocket frame as a server sends it (RFC 6455 §5.2), read straight from the
/// received bytes. Servers never mask, control frames are short and whole, and no extension is
/// negotiated, so any frame that says otherwise is a protocol error.
struct WebSocketFrameHead {
    static let continuation: UInt8 = 0x0, text: UInt8 = 0x1, binary: UInt8 = 0x2
    static let close: UInt8 = 0x8, ping: UInt8 = 0x9, pong: UInt8 = 0xA

    var fin: Bool
    var opcode: UInt8
    /// Bytes of the head itself: 2, 4 or 10.
    var headLength: Int
    var payloadLength: Int

    var frameLength: Int { headLength + payloadLength }
    var isControl: Bool { opcode & 0x8 != 0 }

    /// Reads the head at `offset`; nil while its bytes have not all arrived.
    static func read(_ bytes: UnsafeRawBufferPointer, at offset: Int, maxPayload: Int) throws(WebSocketWireError) -> WebSocketFrameHead? {
        let available = bytes.count - offset
        guard available >= 2 else { return nil }
        let b0 = bytes[offset], b1 = bytes[offset + 1]
        guard b0 & 0x70 == 0 else { throw .reservedBits }
        guard b1 & 0x80 == 0 else { throw .maskedFrame }
        let opcode = b0 & 0x0F
        switch opcode {
        case continuation, text, binary, close, ping, pong: break
        default: throw .unknownOpcode(opcode)
        }
        let fin = b0 & 0x80 != 0
        let short = Int(b1 & 0x7F)
        var head = WebSocketFrameHead(fin: fin, opcode: opcode, headLength: 2, payloadLength: short)
        if head.isControl, !fin || short > 125 { throw .malformedControlFrame }
        if short == 126 {
            guard available >= 4 else { return nil }
            head.headLength = 4
            head.payloadLength = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
        } else if short == 127 {
            guard available >= 10 else { return nil }
            head.headLength = 10
            var length: UInt64 = 0
            for i in 2..<10 { length = length << 8 | UInt64(bytes[offset + i]) }
            guard length <= UInt64(maxPayload) else { throw .tooLarge(maxPayload) }
            head.payloadLength = Int(length)
        }
        guard head.payloadLength <= maxPayload else { throw .tooLarge(maxPayload) }
        return head
    }

    /// Bytes needed before `read` can tell the head's length: 2, then 4 or 10 once the second byte is in.
    static func bytesNeeded(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard bytes.count >= 2 else { return 2 }
        switch bytes[1] & 0x7F {
        case 126: return 4
        case 127: return 10
        default: return 2
        }
    }

    /// One whole, unmasked frame as a server would send it.
    static func write(opcode: UInt8, payload: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        var payload = payload
        let length = payload.readableBytes
        var frame = allocator.buffer(capacity: length + 10)
        frame.writeInteger(0x80 | opcode)
        if length <= 125 {
            frame.writeInteger(UInt8(length))
        } else if length <= 0xFFFF {
            frame.writeInteger(UInt8(126))
            frame.writeInteger(UInt16(length))
        } else {
            frame.writeInteger(UInt8(127))
            frame.writeInteger(UInt64(length))
        }
        frame.writeBuffer(&payload)
        return frame
    }
}

/// A server broke the WebSocket protocol; the connection is closed and a new one dialled.
public enum WebSocketWireError: Error, CustomStringConvertible, Sendable {
    case reservedBits
    case maskedFrame
    case unknownOpcode(UInt8)
    case malformedControlFrame
    case unexpectedContinuation
    case interruptedMessage
    case tooLarge(Int)

    public var description: String {
        switch self {
        case .reservedBits: return "the server sent a frame with reserved bits set"
        case .maskedFrame: return "the server sent a masked frame"
        case .unknownOpcode(let code): return "the server sent a frame with unknown opcode \(code)"
        case .malformedControlFrame: return "the server sent a malformed control frame"
        case .unexpectedContinuation: return "the server sent a continuation frame outside a fragmented message"
        case .interruptedMessage: return "the server started a new message inside a fragmented one"
        case .tooLarge(let size): return "the server sent a message larger than \(size) bytes"
        }
    }
}
