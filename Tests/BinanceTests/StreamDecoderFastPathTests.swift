import Binance
import MarketModel
import XCTest

/// The decoder reads common shapes (short decimals, plain integers, one-letter keys, ASCII
/// runs) on fast paths; these tests hold them to the general rules at every length and offset.
final class StreamDecoderFastPathTests: XCTestCase {
    private func tradeFrame(price: String, id: String = "2", symbol: String = "AB") -> String {
        #"{"e":"trade","E":1,"s":"\#(symbol)","t":\#(id),"p":"\#(price)","q":"2","T":1,"m":false}"#
    }

    func testDecimalsAgreeWithExactDecimalParse() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789012345678901234567890123456789.-+e ")
        var checked = 0
        var candidates = ["0", "00", "1.", ".5", "1..2", "-0.5", "+3", "123456789012345678", "1234567890123456789",
                          "12345678.12345678", "123456789.123456789", "0.000000000000000001", "99999999999999999999",
                          "9223372036854775807", "9223372036854775808", "12345678", "1234567.8", "00000000.00000000"]
        for _ in 0..<3000 {
            let length = Int.random(in: 1...22, using: &generator)
            candidates.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for text in candidates {
            let expected = ExactDecimal(text)
            do {
                let decoded = try trade(decode(tradeFrame(price: text)))
                XCTAssertEqual(decoded.price, expected, text)
                XCTAssertEqual(decoded.price.scale, expected?.scale, text)
                XCTAssertEqual(decoded.price.mantissa, expected?.mantissa, text)
            } catch let error as StreamDecodeError {
                XCTAssertNil(expected, "\(text): \(error)")
                XCTAssertTrue([.invalidValue(field: "p"), .numberOutOfRange(field: "p")].contains(error), "\(text): \(error)")
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 3000)
    }

    func testIntegersAtEveryLength() throws {
        var digits = ""
        for length in 1...25 {
            digits += String(length % 10)
            let text = digits.hasPrefix("0") ? "1" + digits.dropFirst() : digits
            let frame = tradeFrame(price: "1", id: text)
            if let value = Int64(text) {
                XCTAssertEqual(try trade(decode(frame)).id, value, text)
            } else {
                XCTAssertEqual(decodeError(frame), .numberOutOfRange(field: "t"), text)
            }
            XCTAssertEqual(try trade(decode(tradeFrame(price: "1", id: "-" + text.prefix(18)))).id, -Int64(text.prefix(18))!)
            // A fraction or exponent is the wrong type; too many digits may be reported first.
            let fractionError: StreamDecodeError = UInt64(text) != nil
                ? .wrongType(field: "t", expected: .integer, found: .number) : .numberOutOfRange(field: "t")
            XCTAssertEqual(decodeError(tradeFrame(price: "1", id: text + ".5")), fractionError, text)
            XCTAssertEqual(decodeError(tradeFrame(price: "1", id: text + "e2")), fractionError, text)
        }
    }

    func testStringSpecialsAtEveryOffset() throws {
        for offset in 0..<20 {
            let lead = String(repeating: "a", count: offset)
            // An escaped quote, a backslash, a non-ASCII letter, each after `offset` plain bytes.
            // Padded to the 23 bytes a symbol holds; past that the name is refused.
            let tail = String(repeating: "b", count: max(0, 17 - offset))
            let frame = tradeFrame(price: "1", symbol: lead + #"\"x\\y"# + "é" + tail)
            if offset <= 17 {
                XCTAssertEqual(try trade(decode(frame)).symbol.name, lead + "\"x\\yé" + tail)
            } else {
                XCTAssertEqual(decodeError(Array(frame.utf8)), .invalidValue(field: "s"), "24+ byte name at \(offset)")
            }
            var bytes = Array(tradeFrame(price: "1", symbol: lead + "Z" + lead).utf8)
            let at = 24 + offset
            bytes[at] = 0x1F
            XCTAssertEqual(decodeError(bytes), .unexpectedByte(0x1F, at: at), "control byte at \(offset)")
            bytes[at] = 0xC3
            XCTAssertEqual(decodeError(bytes), .invalidUTF8(at: at + 1), "broken UTF-8 at \(offset)")
        }
    }

    func testOneLetterKeyShortcutStillValidates() {
        XCTAssertEqual(decodeError(#"{"""":1}"#), .unexpectedByte(UInt8(ascii: "\""), at: 3))
        XCTAssertEqual(decodeError(#"{"\":1}"#), .truncated(at: 7))
        XCTAssertEqual(decodeError(#"{"a"1}"#), .unexpectedByte(UInt8(ascii: "1"), at: 4))
        XCTAssertEqual(decodeError(#"{"é":1}"#), .missingField("e"))
        XCTAssertEqual(decodeError(#"{ "e" : "x" , "E" : 1 }x"#), .trailingBytes(at: 23))
        XCTAssertEqual(try decode(#"{ "e" : "mystery" , "E" : 1 }"#), .unknown(eventType: "mystery"))
    }
}
