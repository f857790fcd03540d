import Binance
import MarketModel
import XCTest

/// Malformed input must give a typed error: never a crash, never a wrong value.
final class StreamDecoderMalformedTests: XCTestCase {
    let kline = #"{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1601630228469,"s":"BTCUSDT","k":{"t":1601630220000,"T":1601630279999,"s":"BTCUSDT","i":"1m","f":427033476,"L":427033658,"o":"10437.32000000","c":"10441.80000000","h":"10441.80000000","l":"10437.32000000","v":"20.63957400","n":183,"x":false,"q":"215452.69236872","V":"19.31210700","Q":"201593.99488069","B":"0"}}}"#

    func testEveryTruncationOfAKlineFrameThrowsTruncated() throws {
        let bytes = Array(kline.utf8)
        XCTAssertNoThrow(try decode(kline))
        for length in 0..<bytes.count {
            let error = decodeError(Array(bytes[..<length]))
            XCTAssertEqual(error, length == 0 ? .emptyFrame : .truncated(at: length), "prefix of \(length) bytes")
        }
    }

    func testEveryTruncationOfEveryStreamFixtureThrows() throws {
        let files = Fixtures.allFiles().filter { $0.hasPrefix("ws/") || $0.hasPrefix("errors/ws_") }
        XCTAssertGreaterThan(files.count, 20)
        for file in files {
            let bytes = try Fixtures.bytes(file)
            let end = bytes.lastIndex { $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: "]") }!
            for length in 0...end {
                var decoder = StreamDecoder()
                XCTAssertThrowsError(try decoder.decode(Array(bytes[..<length])), "\(file) cut at \(length)")
            }
        }
    }

    func testCorruptingAnyByteNeverCrashes() {
        let bytes = Array(kline.utf8)
        let replacements: [UInt8] = [0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x30, 0x2D, 0x2E, 0x65, 0x80, 0xFF, 0x00, 0x20]
        var decoder = StreamDecoder()
        var failures = 0
        for offset in bytes.indices {
            for replacement in replacements where replacement != bytes[offset] {
                var corrupted = bytes
                corrupted[offset] = replacement
                do {
                    _ = try decoder.decode(corrupted)
                } catch {
                    failures += 1
                    XCTAssertTrue(error.description.hasSuffix("."))
                }
            }
        }
        XCTAssertGreaterThan(failures, bytes.count * 8)
    }

    func testWrongTypes() {
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""o":"10437.32000000""#, with: #""o":10437.32"#)),
                       .wrongType(field: "k.o", expected: .string, found: .number))
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""t":1601630220000"#, with: #""t":"1601630220000""#)),
                       .wrongType(field: "k.t", expected: .integer, found: .string))
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""x":false"#, with: #""x":"false""#)),
                       .wrongType(field: "k.x", expected: .bool, found: .string))
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""n":183"#, with: #""n":183.0"#)),
                       .wrongType(field: "k.n", expected: .integer, found: .number))
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""s":"BTCUSDT","k""#, with: #""s":null,"k""#)),
                       .wrongType(field: "s", expected: .string, found: .null))
        XCTAssertEqual(decodeError(#"{"stream":"a@b","data":5}"#), .wrongType(field: "data", expected: .object, found: .integer))
        XCTAssertEqual(decodeError(#"{"e":"kline","E":1,"s":"AB","k":[1]}"#), .wrongType(field: "k", expected: .object, found: .array))
        XCTAssertEqual(decodeError(#"{"result":5,"id":1}"#), .wrongType(field: "result", expected: .array, found: .integer))
        XCTAssertEqual(decodeError(#"{"result":[1],"id":1}"#), .wrongType(field: "result", expected: .string, found: .integer))
        XCTAssertEqual(decodeError(#"{"result":null,"id":1.5}"#), .wrongType(field: "id", expected: .integer, found: .number))
        XCTAssertEqual(decodeError(#"{"e":"depthUpdate","E":1,"s":"AB","U":1,"u":2,"b":[["1",2]],"a":[]}"#),
                       .wrongType(field: "b", expected: .string, found: .integer))
        XCTAssertEqual(decodeError(#"{"e":"depthUpdate","E":1,"s":"AB","U":1,"u":2,"b":["1"],"a":[]}"#),
                       .wrongType(field: "b", expected: .array, found: .string))
        XCTAssertEqual(decodeError(#"{"e":"depthUpdate","E":1,"s":"AB","U":1,"u":2,"b":[["1"]],"a":[]}"#),
                       .invalidValue(field: "b"))
        XCTAssertEqual(decodeError(#"[1]"#), .wrongType(field: "[]", expected: .object, found: .integer))
    }

    func testNumbersOutOfRange() {
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""t":1601630220000"#, with: #""t":99999999999999999999"#)),
                       .numberOutOfRange(field: "k.t"))
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""n":183"#, with: #""n":-9223372036854775809"#)),
                       .numberOutOfRange(field: "k.n"))
        XCTAssertEqual(decodeError(#"{"e":"trade","E":9223372036854775808,"s":"AB","t":2,"p":"1","q":"2","T":1,"m":false}"#),
                       .numberOutOfRange(field: "E"))
        // The kline's event time is not part of a Candle: any valid JSON number there is accepted.
        XCTAssertNoThrow(try decode(kline.replacingOccurrences(of: #""E":1601630228469"#, with: #""E":1e400"#)))
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""o":"10437.32000000""#, with: #""o":"99999999999999999999999999999999999999.5""#)),
                       .numberOutOfRange(field: "k.o"))
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""o":"10437.32000000""#, with: #""o":"0.000000000000000000000000000000000000001""#)),
                       .numberOutOfRange(field: "k.o"))
        XCTAssertEqual(decodeError(#"{"result":null,"id":123456789012345678901234567890}"#), .numberOutOfRange(field: "id"))
        // Limits themselves are fine.
        XCTAssertEqual(try decode(#"{"result":null,"id":9223372036854775807}"#), .subscriptionResult(id: Int64.max))
        XCTAssertEqual(try decode(#"{"result":null,"id":-9223372036854775808}"#), .subscriptionResult(id: Int64.min))
    }

    func testUnreadableValues() {
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""o":"10437.32000000""#, with: #""o":"1e5""#)),
                       .invalidValue(field: "k.o"))
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""o":"10437.32000000""#, with: #""o":"""#)),
                       .invalidValue(field: "k.o"))
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""c":"10441.80000000""#, with: #""c":"12.""#)),
                       .invalidValue(field: "k.c"))
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""i":"1m""#, with: #""i":"2m""#)),
                       .invalidValue(field: "k.i"))
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""s":"BTCUSDT","k""#, with: #""s":"","k""#)),
                       .invalidValue(field: "s"))
    }

    func testMissingFields() {
        XCTAssertEqual(decodeError(kline.replacingOccurrences(of: #""x":false,"#, with: "")), .missingField("k.x"))
        XCTAssertEqual(decodeError(#"{"e":"kline","E":1,"s":"BTCUSDT"}"#), .missingField("k"))
        XCTAssertEqual(decodeError(#"{"stream":"btcusdt@trade"}"#), .missingField("data"))
        XCTAssertEqual(decodeError(#"{"data":{}}"#), .missingField("stream"))
        XCTAssertEqual(decodeError(#"{"E":1,"s":"BTCUSDT"}"#), .missingField("e"))
        XCTAssertEqual(decodeError(#"{}"#), .missingField("e"))
        XCTAssertEqual(decodeError(#"{"error":{"code":2},"id":1}"#), .missingField("error.msg"))
        XCTAssertEqual(decodeError(#"{"e":"aggTrade","E":1,"s":"AB","a":1,"p":"1","q":"1","f":1,"T":1,"m":true}"#),
                       .missingField("l"))
    }

    func testInvalidUTF8AndEscapes() {
        func frame(symbolBytes: [UInt8]) -> [UInt8] {
            Array(#"{"e":"trade","E":1,"s":""#.utf8) + symbolBytes
                + Array(#"","t":2,"p":"1","q":"2","T":1,"m":false}"#.utf8)
        }
        XCTAssertEqual(decodeError(frame(symbolBytes: [0x41, 0xC3, 0x28])), .invalidUTF8(at: 26))
        XCTAssertEqual(decodeError(frame(symbolBytes: [0xC0, 0x80])), .invalidUTF8(at: 24), "overlong")
        XCTAssertEqual(decodeError(frame(symbolBytes: [0xED, 0xA0, 0x80])), .invalidUTF8(at: 25), "surrogate")
        XCTAssertEqual(decodeError(frame(symbolBytes: [0xF4, 0x90, 0x80, 0x80])), .invalidUTF8(at: 25), "above U+10FFFF")
        XCTAssertEqual(decodeError(frame(symbolBytes: [0xFF])), .invalidUTF8(at: 24))
        XCTAssertEqual(decodeError(frame(symbolBytes: [0x80])), .invalidUTF8(at: 24))
        XCTAssertEqual(decodeError(frame(symbolBytes: [0x01])), .unexpectedByte(0x01, at: 24), "raw control character")
        XCTAssertEqual(decodeError(frame(symbolBytes: Array(#"A\x"#.utf8))), .invalidEscape(at: 25))
        XCTAssertEqual(decodeError(frame(symbolBytes: Array(#"\ud800"#.utf8))), .invalidEscape(at: 24), "lone high surrogate")
        XCTAssertEqual(decodeError(frame(symbolBytes: Array(#"\udc00"#.utf8))), .invalidEscape(at: 24), "lone low surrogate")
        XCTAssertEqual(decodeError(frame(symbolBytes: Array(#"\u12G4"#.utf8))), .invalidEscape(at: 24))
        // Valid multi-byte text in an ignored key is accepted.
        XCTAssertNoThrow(try decode(#"{"e":"trade","E":1,"s":"AB","t":2,"p":"1","q":"2","T":1,"m":false,"note":"ü€𝄞"}"#))
    }

    func testDeepNestingIsRefusedWithoutRecursingFurther() {
        let depth = 10_000
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        XCTAssertEqual(decodeError(arrays), .tooDeeplyNested(at: 32, limit: 32))
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        XCTAssertEqual(decodeError(objects), .tooDeeplyNested(at: 5 * 32, limit: 32))
        let inKline = kline.replacingOccurrences(of: #""B":"0""#, with: #""B":"# + arrays)
        guard case .tooDeeplyNested = decodeError(inKline) else { return XCTFail("nesting inside a kline") }
    }

    func testNestingLimitBoundary() {
        // The frame object is level 1, so 31 arrays inside it reach the limit of 32.
        func frame(_ levels: Int) -> String {
            #"{"result":null,"id":1,"x":"# + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "}"
        }
        XCTAssertEqual(try decode(frame(31)), .subscriptionResult(id: 1))
        guard case .tooDeeplyNested = decodeError(frame(32)) else { return XCTFail("33 levels") }
    }

    func testEmptyWhitespaceAndTrailingGarbage() {
        XCTAssertEqual(decodeError([]), .emptyFrame)
        XCTAssertEqual(decodeError(" \n\t\r "), .emptyFrame)
        XCTAssertEqual(decodeError(kline + "x"), .trailingBytes(at: kline.utf8.count))
        XCTAssertEqual(decodeError(kline + " {}"), .trailingBytes(at: kline.utf8.count + 1))
        XCTAssertEqual(decodeError(kline + "\0"), .trailingBytes(at: kline.utf8.count))
        XCTAssertNoThrow(try decode("  " + kline + " \r\n"))
        XCTAssertEqual(decodeError("x"), .unexpectedByte(UInt8(ascii: "x"), at: 0))
        XCTAssertEqual(decodeError("123"), .unexpectedByte(UInt8(ascii: "1"), at: 0))
    }

    func testJSONGrammarIsEnforced() {
        XCTAssertEqual(decodeError(#"{"result":null,"id":01}"#), .unexpectedByte(UInt8(ascii: "1"), at: 21))
        XCTAssertEqual(decodeError(#"{"result":null,"id":1.}"#), .unexpectedByte(UInt8(ascii: "}"), at: 22))
        XCTAssertEqual(decodeError(#"{"result":null,"id":-}"#), .unexpectedByte(UInt8(ascii: "}"), at: 21))
        XCTAssertEqual(decodeError(#"{"result":nul,"id":1}"#), .unexpectedByte(UInt8(ascii: ","), at: 13))
        XCTAssertEqual(decodeError(#"{"result":null,}"#), .unexpectedByte(UInt8(ascii: "}"), at: 15))
        XCTAssertEqual(decodeError(#"{"result":null "id":1}"#), .unexpectedByte(UInt8(ascii: "\""), at: 15))
        XCTAssertEqual(decodeError(#"{"result" null}"#), .unexpectedByte(UInt8(ascii: "n"), at: 10))
        XCTAssertEqual(decodeError(#"{result:null}"#), .unexpectedByte(UInt8(ascii: "r"), at: 1))
        XCTAssertEqual(decodeError(#"{"a":[1,]}"#), .unexpectedByte(UInt8(ascii: "]"), at: 8))
        XCTAssertEqual(decodeError(#"{"a":'x'}"#), .unexpectedByte(UInt8(ascii: "'"), at: 5))
        XCTAssertNoThrow(try decode(#"{"result":null,"id":1,"x":[-0.5e+10,0,1E-2,true,false,null,{},[],"\/\b\f\n\r\t\u0041"]}"#))
    }

    func testErrorDescriptionsAreOneSentence() {
        let errors: [StreamDecodeError] = [
            .emptyFrame, .frameTooLarge(byteCount: 5), .truncated(at: 3), .unexpectedByte(0x7B, at: 1),
            .unexpectedByte(0x01, at: 1), .trailingBytes(at: 9), .tooDeeplyNested(at: 32, limit: 32),
            .invalidUTF8(at: 4), .invalidEscape(at: 4), .wrongType(field: "k.o", expected: .string, found: .number),
            .numberOutOfRange(field: "E"), .invalidValue(field: "k.i"), .missingField("k"),
        ]
        for error in errors {
            let text = error.description
            XCTAssertTrue(text.hasSuffix("."), text)
            XCTAssertFalse(text.dropLast().contains(". "), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
        XCTAssertEqual(StreamDecodeError.wrongType(field: "k.o", expected: .string, found: .number).description,
                       "Field `k.o` has the wrong type: expected a string, found a number.")
        XCTAssertEqual(StreamDecodeError.truncated(at: 12).description, "The stream frame is truncated at byte 12.")
        XCTAssertEqual(StreamDecodeError.unexpectedByte(0x01, at: 1).description,
                       "The stream frame has an unexpected byte 0x01 at offset 1.")
    }
}
