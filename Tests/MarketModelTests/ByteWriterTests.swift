import XCTest
@testable import MarketModel

/// The byte writers behind `stream`'s NDJSON must write exactly what the String forms write.
final class ByteWriterTests: XCTestCase {
    func testDecimalDigitsMatchTheDescription() {
        let texts = ["0", "1", "-1", "0.00000001", "-0.5", "65000.01000000", "700662959765.00000000", "12.3",
                     "9223372036854775807", "-9223372036854775808", "0.000000000000000001", "100", "100.0"]
        var values = texts.compactMap { ExactDecimal($0) }
        XCTAssertEqual(values.count, texts.count)
        var random = SplitMix(seed: 42)
        for _ in 0..<2_000 {
            let mantissa = Int64(bitPattern: random.next()) >> Int64(random.next() % 60)
            values.append(ExactDecimal(mantissa: mantissa, scale: UInt8(random.next() % 19),
                                       padding: UInt8(random.next() % 3)))
        }
        for value in values {
            var bytes: [UInt8] = []
            value.appendDigits(to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), value.description)
        }
        for n: Int64 in [0, 7, -7, 1_700_000_000_000, .max, .min] {
            var bytes: [UInt8] = []
            n.appendDigits(to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), String(n))
        }
    }

    func testJSONStringBytesEscapeLikeTheStringForm() {
        for text in ["BTCUSDT", "A\"B\\C", "line\nbreak\ttab\r", "\u{1}\u{7F}\u{85}\u{2028}\u{2029}", "ünï €", ""] {
            var bytes: [UInt8] = []
            JSONString.append(text, to: &bytes)
            let quoted = JSONString.quoted(text)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), quoted)
            XCTAssertFalse(quoted.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
        XCTAssertEqual(JSONString.quoted("A\"B\\C\u{1}\n"), #""A\"B\\C\u0001\n""#)
    }
}
