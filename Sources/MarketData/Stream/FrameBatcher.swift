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
    private var events: [MarketEvent] = []
    private var framesThisRead = 0

    init(decoder: any FrameDecoder, tap: ConnectionTap, feed: FeedState) {
        self.decoder = decoder
        self.tap = tap
        self.feed = feed
        events.reserveCapacity(256)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        framesThisRead += 1
        switch frame.opcode {
        case .text, .binary:
            let message = frame.data.withUnsafeReadableBytes { decoder.decode($0) }
            switch message {
            case .event(let event):
                // Depth diffs feed an order book the manager keeps; everything else is the feed's.
                if case .depthUpdate = event {
                    context.fireChannelRead(data)
                } else if tap.isActive.load(ordering: .relaxed) {
                    events.append(event)
                }
            case .unknown:
                feed.countUnknown()
            default:
                context.fireChannelRead(data)
            }
        default:
            context.fireChannelRead(data)
        }
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
