import MarketModel
import NIOCore
import NIOWebSocket

/// Decodes market frames on the event-loop thread where their bytes arrive and hands all the
/// events of one socket read to the feed in one step. A thread hand-off per frame costs more
/// than decoding and folding the frame; one per read is what the stream pays.
///
/// Everything that is not a market event (answers to control requests, refusals, shutdown
/// notices, pings, malformed frames) goes up the pipeline unchanged to the stream manager,
/// which decodes it again: those frames are rare and need the manager's bookkeeping.
final class FrameBatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame

    private let decoder: any FrameDecoder
    private let tap: ConnectionTap
    private let feed: FeedState
    // Touched only on the channel's event-loop thread (NIO calls a handler from that thread
    // alone), so the runtime's per-access exclusivity check is left out of the hot path.
    @exclusivity(unchecked) private var events: [MarketEvent] = []
    @exclusivity(unchecked) private var framesThisRead = 0
    /// A fragmented message being joined: its opcode and the bytes so far.
    @exclusivity(unchecked) private var fragments: (opcode: WebSocketOpcode, data: ByteBuffer)?
    private let maxMessageSize: Int

    init(decoder: any FrameDecoder, tap: ConnectionTap, feed: FeedState, maxMessageSize: Int = WebSocketDialer.maxMessageSize) {
        self.decoder = decoder
        self.tap = tap
        self.feed = feed
        self.maxMessageSize = maxMessageSize
        events.reserveCapacity(256)
    }

    enum FragmentError: Error, CustomStringConvertible {
        case unexpectedContinuation
        case interruptedMessage
        case tooLarge(Int)
        var description: String {
            switch self {
            case .unexpectedContinuation: return "the server sent a continuation frame outside a fragmented message"
            case .interruptedMessage: return "the server started a new message inside a fragmented one"
            case .tooLarge(let size): return "the server sent a message larger than \(size) bytes"
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        framesThisRead += 1
        switch frame.opcode {
        case .text, .binary:
            guard fragments == nil else { return fail(context, .interruptedMessage) }
            guard frame.fin else {
                fragments = (frame.opcode, frame.data)
                return
            }
            message(frame.data, opcode: frame.opcode, original: data, context: context)
        case .continuation:
            guard var joined = fragments else { return fail(context, .unexpectedContinuation) }
            var part = frame.data
            guard joined.data.readableBytes + part.readableBytes <= maxMessageSize else {
                return fail(context, .tooLarge(maxMessageSize))
            }
            joined.data.writeBuffer(&part)
            guard frame.fin else {
                fragments = joined
                return
            }
            fragments = nil
            let whole = WebSocketFrame(fin: true, opcode: joined.opcode, data: joined.data)
            message(joined.data, opcode: joined.opcode, original: Self.wrapInboundOut(whole), context: context)
        default:
            context.fireChannelRead(data)
        }
    }

    /// One whole text or binary message: a market event joins the batch; anything else goes up.
    private func message(_ bytes: ByteBuffer, opcode: WebSocketOpcode, original: NIOAny, context: ChannelHandlerContext) {
        let message = bytes.withUnsafeReadableBytes { decoder.decode($0) }
        switch message {
        case .event(let event):
            // Depth diffs feed an order book the manager keeps; everything else is the feed's.
            if case .depthUpdate = event {
                context.fireChannelRead(original)
            } else if tap.isActive.load(ordering: .relaxed) {
                events.append(event)
            }
        case .unknown:
            feed.countUnknown()
        default:
            context.fireChannelRead(original)
        }
    }

    private func fail(_ context: ChannelHandlerContext, _ error: FragmentError) {
        fragments = nil
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if framesThisRead > 0 {
            tap.noteRead(frames: framesThisRead)
            framesThisRead = 0
        }
        if !events.isEmpty {
            feed.deliver(events)
            events.removeAll(keepingCapacity: true)
        }
        context.fireChannelReadComplete()
    }
}
