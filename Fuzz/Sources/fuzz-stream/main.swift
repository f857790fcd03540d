// The Binance stream decoder: the kline fast path and the general parser must agree on every
// frame (the same message, digit for digit, or the same error), through each entry point the
// feed uses. Frames are separated by newlines and go through one decoder, as on a connection,
// so the fast path's symbol and interval cache carries over from frame to frame.
import Binance
import FuzzSupport
import MarketData
import MarketModel

enum Outcome: Equatable {
    case message(StreamMessage, String)
    case refused(StreamDecodeError)

    init(_ decode: () throws(StreamDecodeError) -> StreamMessage) {
        do throws(StreamDecodeError) {
            let message = try decode()
            self = .message(message, String(describing: message))
        } catch {
            self = .refused(error)
        }
    }
}

runFuzzer { data, size in
    let input = UnsafeRawBufferPointer(start: data, count: size)
    var fast = StreamDecoder()
    var appending = StreamDecoder()
    let venue = BinanceVenue().makeFrameDecoder()
    for slice in input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
        // Each frame in an allocation of its own size, so that AddressSanitizer sees a read
        // past its end.
        let frame = UnsafeMutableRawBufferPointer.allocate(byteCount: slice.count, alignment: 1)
        defer { frame.deallocate() }
        frame.copyMemory(from: UnsafeRawBufferPointer(rebasing: slice))
        let bytes = UnsafeRawBufferPointer(frame)
        let text = String(decoding: bytes, as: UTF8.self)

        var general = StreamDecoder()
        let expected = Outcome { () throws(StreamDecodeError) in try general.decodeWithoutFastPath(bytes) }
        let viaFastPath = Outcome { () throws(StreamDecodeError) in try fast.decode(bytes) }
        guard viaFastPath == expected else {
            fail("decode(_:) \(viaFastPath) but the general parser \(expected) for \(text)")
        }

        // decode(_:appendingKlineTo:): a kline lands in the batch, anything else comes back.
        var events: [MarketEvent] = []
        let returned = Outcome { () throws(StreamDecodeError) in
            if let message = try appending.decode(bytes, appendingKlineTo: &events) { return message }
            guard events.count == 1, case .candle = events[0] else {
                fail("appendingKlineTo returned nil with \(events.count) events for \(text)")
            }
            return .event(events[0])
        }
        guard returned == expected else {
            fail("decode(_:appendingKlineTo:) \(returned) but the general parser \(expected) for \(text)")
        }

        // The venue's decode(_:appendingEventsTo:), as the feed calls it.
        var batch: [MarketEvent] = []
        let answer = venue.decode(bytes, appendingEventsTo: &batch)
        switch expected {
        case .message(.event(let event), _) where !event.isDepthUpdate:
            guard answer == nil, batch == [event], String(describing: batch[0]) == String(describing: event) else {
                fail("appendingEventsTo gave \(String(describing: answer)) and \(batch), expected \(event) for \(text)")
            }
        case .message:
            guard let answer, batch.isEmpty else {
                fail("appendingEventsTo appended \(batch) for a non-batch message in \(text)")
            }
            if case .malformed = answer { fail("appendingEventsTo refused a frame the parser reads: \(text)") }
        case .refused:
            guard case .malformed? = answer, batch.isEmpty else {
                fail("appendingEventsTo accepted \(String(describing: answer)) a frame the parser refuses: \(text)")
            }
        }
    }
    return 0
}
