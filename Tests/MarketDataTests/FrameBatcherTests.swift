import Binance
import Foundation
import MarketModel
import NIOCore
import NIOEmbedded
import NIOWebSocket
import XCTest
@testable import MarketData

/// The batcher decodes market frames where they arrive, hands each socket read to the feed in
/// one call, joins fragmented messages itself and passes everything else up unchanged.
final class FrameBatcherTests: XCTestCase {
    final class Batches: FeedSink, @unchecked Sendable {
        // Safe: the embedded channel runs everything on the test's thread.
        var received: [[StreamUpdate]] = []
        func receive(_ updates: [StreamUpdate]) { received.append(updates) }
    }

    let btc = #"{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1601630228469,"s":"BTCUSDT","k":{"t":1601630220000,"T":1601630279999,"s":"BTCUSDT","i":"1m","f":427033476,"L":427033658,"o":"10437.32000000","c":"10441.80000000","h":"10441.80000000","l":"10437.32000000","v":"20.63957400","n":183,"x":false,"q":"215452.69236872","V":"19.31210700","Q":"201593.99488069","B":"0"}}}"#
    let nkn = #"{"stream":"nknusdt@kline_1m","data":{"e":"kline","E":1633998523963,"s":"NKNUSDT","k":{"t":1633998480000,"T":1633998539999,"s":"NKNUSDT","i":"1m","f":19862761,"L":19862790,"o":"0.35270000","c":"0.35280000","h":"0.35280000","l":"0.35220000","v":"25877.00000000","n":30,"x":false,"q":"9116.04600000","V":"58.00000000","Q":"20.46240000","B":"0"}}}"#

    func makeChannel(active: Bool = true) throws -> (EmbeddedChannel, Batches) {
        let batches = Batches()
        let (_, continuation) = AsyncStream.makeStream(of: StreamUpdate.self)
        let feed = FeedState(sink: batches, continuation: continuation)
        let tap = ConnectionTap(slotFrames: FrameCounter())
        tap.isActive.store(active, ordering: .relaxed)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            FrameBatcher(decoder: BinanceVenue().makeFrameDecoder(), tap: tap, feed: feed, maxMessageSize: 4096))
        return (channel, batches)
    }

    func text(_ s: String, fin: Bool = true, opcode: WebSocketOpcode = .text) -> WebSocketFrame {
        WebSocketFrame(fin: fin, opcode: opcode, data: ByteBuffer(string: s))
    }

    /// Frames that arrive in one socket read: each is read, then the read completes once.
    func read(_ channel: EmbeddedChannel, _ frames: [WebSocketFrame]) throws {
        for frame in frames { channel.pipeline.fireChannelRead(NIOAny(frame)) }
        channel.pipeline.fireChannelReadComplete()
        try channel.throwIfErrorCaught()
    }

    func candles(_ updates: [StreamUpdate]) -> [Candle] {
        updates.compactMap { if case .candle(let c, _) = $0 { c } else { nil } }
    }

    func testOneSocketReadIsOneBatch() throws {
        let (channel, batches) = try makeChannel()
        channel.pipeline.fireChannelRead(NIOAny(text(btc)))
        channel.pipeline.fireChannelRead(NIOAny(text(nkn)))
        channel.pipeline.fireChannelRead(NIOAny(text(btc)))
        XCTAssertTrue(batches.received.isEmpty, "nothing is handed on before the read completes")
        channel.pipeline.fireChannelReadComplete()
        XCTAssertEqual(batches.received.count, 1)
        XCTAssertEqual(candles(batches.received[0]).map(\.symbol.name), ["BTCUSDT", "NKNUSDT", "BTCUSDT"])
        XCTAssertEqual(candles(batches.received[0]).first?.close, ExactDecimal("10441.80000000"))
        XCTAssertNil(try channel.readInbound(as: WebSocketFrame.self), "market frames do not go up the pipeline")
        channel.pipeline.fireChannelReadComplete()
        XCTAssertEqual(batches.received.count, 1, "an empty read hands on nothing")
    }

    func testFragmentedMessageIsJoinedAndControlFramesPassBetween() throws {
        let (channel, batches) = try makeChannel()
        let bytes = Array(btc.utf8)
        let a = String(decoding: bytes[..<100], as: UTF8.self)
        let b = String(decoding: bytes[100..<250], as: UTF8.self)
        let c = String(decoding: bytes[250...], as: UTF8.self)
        try read(channel, [text(a, fin: false), WebSocketFrame(fin: true, opcode: .ping, data: ByteBuffer(string: "hi")),
                           text(b, fin: false, opcode: .continuation)])
        XCTAssertTrue(batches.received.isEmpty, "half a message is not an event")
        try read(channel, [text(c, fin: true, opcode: .continuation)])
        let ping = try channel.readInbound(as: WebSocketFrame.self)
        XCTAssertEqual(ping?.opcode, .ping)
        XCTAssertEqual(batches.received.count, 1)
        let joined = candles(batches.received[0])
        XCTAssertEqual(joined.count, 1)

        let (whole, wholeBatches) = try makeChannel()
        try read(whole, [text(btc)])
        XCTAssertEqual(joined, candles(wholeBatches.received[0]), "the joined message decodes like the whole one")
    }

    func testOtherMessagesGoUpUnchanged() throws {
        let (channel, batches) = try makeChannel()
        try read(channel, [text(#"{"result":null,"id":7}"#), text("not json")])
        XCTAssertTrue(batches.received.isEmpty)
        let ack = try channel.readInbound(as: WebSocketFrame.self)
        XCTAssertEqual(ack.map { String(buffer: $0.data) }, #"{"result":null,"id":7}"#)
        let malformed = try channel.readInbound(as: WebSocketFrame.self)
        XCTAssertEqual(malformed.map { String(buffer: $0.data) }, "not json", "the manager counts it and says so")
    }

    func testAMutedConnectionHandsOnNothing() throws {
        let (channel, batches) = try makeChannel(active: false)
        try read(channel, [text(btc)])
        XCTAssertTrue(batches.received.isEmpty, "a rotating connection's duplicate frames are dropped")
    }

    func testBrokenFragmentationClosesTheConnection() throws {
        let (stray, _) = try makeChannel()
        XCTAssertThrowsError(try read(stray, [text("x", opcode: .continuation)]))
        XCTAssertFalse(stray.isActive)

        let (huge, _) = try makeChannel()
        try read(huge, [text(String(repeating: "a", count: 3000), fin: false)])
        XCTAssertThrowsError(try read(huge, [text(String(repeating: "a", count: 3000), fin: true, opcode: .continuation)])) {
            XCTAssertTrue("\($0)".contains("larger than 4096 bytes"), "\($0)")
        }
        XCTAssertFalse(huge.isActive)
    }
}
