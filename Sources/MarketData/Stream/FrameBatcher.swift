import MarketModel
import NIOCore

/// Reads WebSocket frames straight from the bytes of each socket read, decodes market messages
/// in place on the event-loop thread where they arrive, and hands all the events of one read to
/// the feed in one step. A thread hand-off, an allocation or a pipeline hop per frame costs more
/// than decoding and folding the frame; one per read is what the stream pays.
///
/// It sits in front of NIO's WebSocket frame decoder. Everything that is not a market event
/// (control frames, answers to control requests, refusals, shutdown notices, depth diffs,
/// malformed messages) goes on to that decoder as the frame's own bytes, whole and unfragmented,
/// and from there to the stream manager: those frames are rare and need its bookkeeping.
final class FrameBatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private typealias Head = WebSocketFrameHead

    private let decoder: any FrameDecoder
    private let tap: ConnectionTap
    private let feed: FeedState
    private let maxMessageSize: Int
    // Touched only on the channel's event-loop thread (NIO calls a handler from that thread
    // alone), so the runtime's per-access exclusivity check is left out of the hot path.
    @exclusivity(unchecked) private var batch = FeedBatch()
    @exclusivity(unchecked) private var framesThisRead = 0
    /// The first bytes of a frame whose rest has not arrived yet; empty when none.
    @exclusivity(unchecked) private var partial = ByteBuffer()
    /// A fragmented message being joined: its opcode and the payload so far.
    @exclusivity(unchecked) private var fragments: (opcode: UInt8, data: ByteBuffer)?
    @exclusivity(unchecked) private var failed = false

    init(decoder: any FrameDecoder, tap: ConnectionTap, feed: FeedState, maxMessageSize: Int = WebSocketDialer.maxMessageSize) {
        self.decoder = decoder
        self.tap = tap
        self.feed = feed
        self.maxMessageSize = maxMessageSize
        batch.reserveCapacity(256)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        var input = Self.unwrapInboundIn(data)
        do {
            if partial.readableBytes > 0 {
                try finishPartial(from: &input, context: context)
            }
            try consume(&input, context: context)
            if input.readableBytes > 0 {
                // Kept in a buffer of our own, so the read buffer goes back to NIO's pool.
                partial.writeBuffer(&input)
            }
        } catch {
            fail(context, error)
        }
    }

    /// Moves into `partial` exactly the bytes that complete its frame, then handles that frame.
    private func finishPartial(from input: inout ByteBuffer, context: ChannelHandlerContext) throws {
        let maxPayload = maxMessageSize
        while true {
            let head = try partial.withUnsafeReadableBytes { try Head.read($0, at: 0, maxPayload: maxPayload) }
            let needed = head?.frameLength ?? partial.withUnsafeReadableBytes { Head.bytesNeeded($0) }
            let missing = needed - partial.readableBytes
            if head != nil, missing == 0 {
                try consume(&partial, context: context)
                partial.clear()
                return
            }
            guard input.readableBytes > 0 else { return }
            var piece = input.readSlice(length: min(missing, input.readableBytes))!
            partial.writeBuffer(&piece)
        }
    }

    /// Handles every whole frame at the front of `buffer` and leaves an unfinished one unread.
    private func consume(_ buffer: inout ByteBuffer, context: ChannelHandlerContext) throws {
        let whole = buffer
        let maxPayload = maxMessageSize
        let used = try whole.withUnsafeReadableBytes { bytes throws -> Int in
            var offset = 0
            while let head = try Head.read(bytes, at: offset, maxPayload: maxPayload),
                  offset + head.frameLength <= bytes.count {
                let payload = UnsafeRawBufferPointer(
                    rebasing: bytes[(offset + head.headLength)..<(offset + head.frameLength)])
                try frame(head, payload: payload, context: context) {
                    whole.getSlice(at: whole.readerIndex + offset, length: head.frameLength)!
                }
                offset += head.frameLength
            }
            return offset
        }
        buffer.moveReaderIndex(forwardBy: used)
    }

    /// One whole frame; `raw` gives its bytes, head included, for passing it on.
    private func frame(_ head: Head, payload: UnsafeRawBufferPointer, context: ChannelHandlerContext,
                       raw: () -> ByteBuffer) throws {
        framesThisRead += 1
        switch head.opcode {
        case Head.text, Head.binary:
            guard fragments == nil else { throw WebSocketWireError.interruptedMessage }
            guard head.fin else {
                var data = context.channel.allocator.buffer(capacity: payload.count * 2)
                data.writeBytes(payload)
                fragments = (head.opcode, data)
                return
            }
            if !kept(payload) { context.fireChannelRead(Self.wrapInboundOut(raw())) }
        case Head.continuation:
            guard var joined = fragments else { throw WebSocketWireError.unexpectedContinuation }
            guard joined.data.readableBytes + payload.count <= maxMessageSize else {
                throw WebSocketWireError.tooLarge(maxMessageSize)
            }
            fragments = nil  // the joined bytes stay uniquely owned, so appending copies nothing
            joined.data.writeBytes(payload)
            guard head.fin else {
                fragments = joined
                return
            }
            if !joined.data.withUnsafeReadableBytes({ kept($0) }) {
                let whole = Head.write(opcode: joined.opcode, payload: joined.data, allocator: context.channel.allocator)
                context.fireChannelRead(Self.wrapInboundOut(whole))
            }
        default:
            context.fireChannelRead(Self.wrapInboundOut(raw()))
        }
    }

    /// Decodes one whole message; true when it ends here (a market event, or one of a kind this
    /// client does not use), false when the manager must see it.
    private func kept(_ message: UnsafeRawBufferPointer) -> Bool {
        let before = batch.count
        switch decoder.decode(message, appendingTo: &batch) {
        case nil:
            // A rotating connection's frames duplicate the live one's: dropped.
            if !tap.isActive.load(ordering: .relaxed) { batch.removeLast(from: before) }
            return true
        case .unknown:
            feed.countUnknown()
            return true
        default:
            return false
        }
    }

    private func fail(_ context: ChannelHandlerContext, _ error: any Error) {
        failed = true
        fragments = nil
        partial.clear()
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if framesThisRead > 0 {
            tap.noteRead(frames: framesThisRead)
            framesThisRead = 0
        }
        if !batch.isEmpty {
            feed.deliver(&batch)
            batch.removeAll(keepingCapacity: true)
        }
        context.fireChannelReadComplete()
    }
}
