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
        func receive(_ batch: FeedBatch) { received.append(Array(batch)) }
    }

    let btc = #"{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1601630228469,"s":"BTCUSDT","k":{"t":1601630220000,"T":1601630279999,"s":"BTCUSDT","i":"1m","f":427033476,"L":427033658,"o":"10437.32000000","c":"10441.80000000","h":"10441.80000000","l":"10437.32000000","v":"20.63957400","n":183,"x":false,"q":"215452.69236872","V":"19.31210700","Q":"201593.99488069","B":"0"}}}"#
    let nkn = #"{"stream":"nknusdt@kline_1m","data":{"e":"kline","E":1633998523963,"s":"NKNUSDT","k":{"t":1633998480000,"T":1633998539999,"s":"NKNUSDT","i":"1m","f":19862761,"L":19862790,"o":"0.35270000","c":"0.35280000","h":"0.35280000","l":"0.35220000","v":"25877.00000000","n":30,"x":false,"q":"9116.04600000","V":"58.00000000","Q":"20.46240000","B":"0"}}}"#

    /// The production pipeline's inbound side: the batcher in front of NIO's frame decoder.
    func makeChannel(active: Bool = true, maxMessageSize: Int = 4096) throws -> (EmbeddedChannel, Batches) {
        let batches = Batches()
        let (_, continuation) = AsyncStream.makeStream(of: StreamUpdate.self)
        let feed = FeedState(sink: batches, continuation: continuation)
        let tap = ConnectionTap(slotFrames: FrameCounter())
        tap.isActive.store(active, ordering: .relaxed)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            FrameBatcher(decoder: BinanceVenue().makeFrameDecoder(), tap: tap, feed: feed, maxMessageSize: maxMessageSize))
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: maxMessageSize)))
        return (channel, batches)
    }

    func text(_ s: String, fin: Bool = true, opcode: WebSocketOpcode = .text) -> WebSocketFrame {
        WebSocketFrame(fin: fin, opcode: opcode, data: ByteBuffer(string: s))
    }

    /// The frames' bytes on the wire, as NIO's own encoder writes them (a server masks nothing).
    func wire(_ frames: [WebSocketFrame]) throws -> [UInt8] {
        let encoder = EmbeddedChannel(handler: WebSocketFrameEncoder())
        var bytes: [UInt8] = []
        for frame in frames {
            try encoder.writeOutbound(frame)
            while let part = try encoder.readOutbound(as: ByteBuffer.self) { bytes += part.readableBytesView }
        }
        return bytes
    }

    /// Bytes that arrive in one socket read: read, then the read completes once.
    func read(_ channel: EmbeddedChannel, bytes: [UInt8]) throws {
        channel.pipeline.fireChannelRead(NIOAny(ByteBuffer(bytes: bytes)))
        channel.pipeline.fireChannelReadComplete()
        try channel.throwIfErrorCaught()
    }

    /// Frames that arrive in one socket read.
    func read(_ channel: EmbeddedChannel, _ frames: [WebSocketFrame]) throws {
        try read(channel, bytes: wire(frames))
    }

    func passedUp(_ channel: EmbeddedChannel) throws -> [WebSocketFrame] {
        var frames: [WebSocketFrame] = []
        while let frame = try channel.readInbound(as: WebSocketFrame.self) { frames.append(frame) }
        return frames
    }

    func candles(_ updates: [StreamUpdate]) -> [Candle] {
        updates.compactMap { if case .candle(let c, _) = $0 { c } else { nil } }
    }

    func testOneSocketReadIsOneBatch() throws {
        let (channel, batches) = try makeChannel()
        channel.pipeline.fireChannelRead(NIOAny(ByteBuffer(bytes: try wire([text(btc), text(nkn)]))))
        channel.pipeline.fireChannelRead(NIOAny(ByteBuffer(bytes: try wire([text(btc)]))))
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

    /// What one connection's bytes become: the batches' candles and the frames passed up.
    func outcome(of reads: [[UInt8]], maxMessageSize: Int = 4096) throws -> (candles: [Candle], up: [String]) {
        let (channel, batches) = try makeChannel(maxMessageSize: maxMessageSize)
        for bytes in reads { try read(channel, bytes: bytes) }
        let up = try passedUp(channel).map { "\($0.opcode) \($0.fin) \(String(buffer: $0.data))" }
        return (batches.received.flatMap(candles), up)
    }

    /// However the socket cuts the bytes, the same frames come out: every split point of a read
    /// holding market messages, a fragmented one, control frames and answers gives what NIO's own
    /// frame decoder and aggregator make of the same bytes.
    func testEverySplitOfTheBytesGivesWhatNIOsDecoderGives() throws {
        let bytes = Array(btc.utf8)
        let frames = [
            text(btc), text(nkn), WebSocketFrame(fin: true, opcode: .ping, data: ByteBuffer(string: "hi")),
            text(String(decoding: bytes[..<100], as: UTF8.self), fin: false),
            WebSocketFrame(fin: true, opcode: .pong, data: ByteBuffer()),
            text(String(decoding: bytes[100...], as: UTF8.self), fin: true, opcode: .continuation),
            text(#"{"result":null,"id":7}"#), text(nkn),
        ]
        let stream = try wire(frames)

        // NIO's path: its frame decoder, its aggregator, then the venue's decoder per message.
        let reference = EmbeddedChannel()
        try reference.pipeline.syncOperations.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 4096)))
        try reference.pipeline.syncOperations.addHandler(
            NIOWebSocketFrameAggregator(minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 64, maxAccumulatedFrameSize: 4096))
        try reference.writeInbound(ByteBuffer(bytes: stream))
        let decoder = BinanceVenue().makeFrameDecoder()
        var expectedCandles: [Candle] = []
        var expectedUp: [String] = []
        while let frame = try reference.readInbound(as: WebSocketFrame.self) {
            let message = frame.data.withUnsafeReadableBytes { decoder.decode($0) }
            if case .event(.candle(let candle)) = message {
                expectedCandles.append(candle)
            } else {
                expectedUp.append("\(frame.opcode) \(frame.fin) \(String(buffer: frame.data))")
            }
        }
        XCTAssertEqual(expectedCandles.count, 4)
        XCTAssertEqual(expectedUp.count, 3, "the ping, the pong and the answer")

        let whole = try outcome(of: [stream])
        XCTAssertEqual(whole.candles, expectedCandles)
        XCTAssertEqual(whole.up, expectedUp)
        for cut in 1..<stream.count {
            let split = try outcome(of: [Array(stream[..<cut]), Array(stream[cut...])])
            XCTAssertEqual(split.candles, expectedCandles, "cut at byte \(cut)")
            XCTAssertEqual(split.up, expectedUp, "cut at byte \(cut)")
        }
        let byteByByte = try outcome(of: stream.map { [$0] })
        XCTAssertEqual(byteByByte.candles, expectedCandles)
        XCTAssertEqual(byteByByte.up, expectedUp)
    }

    /// Payload lengths in all three encodings (7-bit, 16-bit, 64-bit) are read, and a message the
    /// manager must see goes up whole even when it is larger than 64 KiB.
    func testLongMessagesGoUpWhole() throws {
        let long = #"{"result":[""# + String(repeating: "x", count: 70_000) + #""],"id":9}"#
        let stream = try wire([text(long), text(btc), text("ok")])
        XCTAssertEqual(stream[1] & 0x7F, 127, "the first frame uses the 64-bit length")
        for cuts in [[stream.count], [5, stream.count], [40_000, stream.count - 3, stream.count]] {
            var reads: [[UInt8]] = []
            var from = 0
            for cut in cuts { reads.append(Array(stream[from..<cut])); from = cut }
            let result = try outcome(of: reads, maxMessageSize: 1 << 20)
            XCTAssertEqual(result.candles.count, 1)
            XCTAssertEqual(result.up, ["\(WebSocketOpcode.text) true \(long)", "\(WebSocketOpcode.text) true ok"])
        }
    }

    /// A server that breaks the protocol is closed on with one sentence naming what it did.
    func testProtocolViolationsCloseTheConnection() throws {
        let cases: [([UInt8], WebSocketWireError)] = [
            ([0x81, 0x82, 1, 2, 3, 4, 0x61, 0x62], .maskedFrame),
            ([0xC1, 0x01, 0x61], .reservedBits),
            ([0x83, 0x01, 0x61], .unknownOpcode(3)),
            ([0x09, 0x00], .malformedControlFrame),
            ([0x89, 0x7E, 0x00, 0x80] + [UInt8](repeating: 0x61, count: 128), .malformedControlFrame),
            ([0x81, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0], .tooLarge(4096)),
        ]
        for (bytes, expected) in cases {
            let (channel, batches) = try makeChannel()
            XCTAssertThrowsError(try read(channel, bytes: bytes)) { error in
                XCTAssertEqual("\(error)", "\(expected)")
                let sentence = ConnectionProblem.classify(error).phrase(wasOpen: true)
                XCTAssertFalse(sentence.contains("WebSocketWireError"), sentence)
            }
            XCTAssertFalse(channel.isActive, "\(expected)")
            XCTAssertTrue(batches.received.isEmpty)
        }
    }
}
