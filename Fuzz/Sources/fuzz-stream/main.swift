// The Binance stream decoder: the kline fast path and the general parser must agree on every
// frame (the same message, digit for digit, or the same error), through each entry point the
// feed uses. Frames are separated by newlines and go through one decoder, as on a connection,
// so the fast path's symbol and interval cache carries over from frame to frame.
import Binance
import FuzzSupport
import MarketData
import MarketModel

/// A kline's decimals as written (`==` on `ExactDecimal` is by value: 1.0 == 1.00). Only a
/// kline can differ digit for digit between the two parsers: every other frame goes through the
/// general parser on both sides, so value equality covers it (and no reflection per input).
func digits(_ candle: Candle) -> [String] {
    [candle.open, candle.high, candle.low, candle.close, candle.volume, candle.quoteVolume,
     candle.takerBuyBaseVolume, candle.takerBuyQuoteVolume].map(\.description)
}

func digits(_ message: StreamMessage) -> [String] {
    if case .event(.candle(let candle)) = message { return digits(candle) }
    return []
}

enum Outcome: Equatable {
    case message(StreamMessage, [String])
    case refused(StreamDecodeError)

    init(_ decode: () throws(StreamDecodeError) -> StreamMessage) {
        do throws(StreamDecodeError) {
            let message = try decode()
            self = .message(message, digits(message))
        } catch {
            self = .refused(error)
        }
    }
}

runFuzzer { data, size in
    let input = UnsafeRawBufferPointer(start: data, count: size)
    var fast = StreamDecoder()
    let venue = BinanceVenue().makeFrameDecoder()
    for slice in input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
        // Each frame in an allocation of its own size, so that AddressSanitizer sees a read
        // past its end.
        let frame = UnsafeMutableRawBufferPointer.allocate(byteCount: slice.count, alignment: 1)
        defer { frame.deallocate() }
        frame.copyMemory(from: UnsafeRawBufferPointer(rebasing: slice))
        let bytes = UnsafeRawBufferPointer(frame)
        // The frame as text, only for a finding's message.
        var text: String { String(decoding: bytes, as: UTF8.self) }

        var general = StreamDecoder()
        let expected = Outcome { () throws(StreamDecodeError) in try general.decodeWithoutFastPath(bytes) }
        let viaFastPath = Outcome { () throws(StreamDecodeError) in try fast.decode(bytes) }
        guard viaFastPath == expected else {
            fail("decode(_:) \(viaFastPath) but the general parser \(expected) for \(text)")
        }

        // The venue's decode(_:appendingTo:), as the feed calls it: a market event lands in
        // the batch (a kline among its candles), anything else comes back.
        var batch = FeedBatch()
        let answer = venue.decode(bytes, appendingTo: &batch)
        var appended: MarketEvent?
        if batch.count == 1 {
            switch batch[0] {
            case .candle(let candle, _): appended = .candle(candle)
            case .event(let event): appended = event
            case .health: appended = nil
            }
        }
        switch expected {
        case .message(.event(let event), _) where !event.isDepthUpdate:
            guard answer == nil, let appended, appended == event,
                  digits(.event(appended)) == digits(.event(event)) else {
                fail("appendingTo gave \(String(describing: answer)) and \(Array(batch)), expected \(event) for \(text)")
            }
        case .message:
            guard let answer, batch.isEmpty else {
                fail("appendingTo appended \(Array(batch)) for a non-batch message in \(text)")
            }
            if case .malformed = answer { fail("appendingTo refused a frame the parser reads: \(text)") }
        case .refused:
            guard case .malformed? = answer, batch.isEmpty else {
                fail("appendingTo accepted \(String(describing: answer)) a frame the parser refuses: \(text)")
            }
        }
    }
    return 0
}
