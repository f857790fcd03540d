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
            XCTAssertEqual(written(value.maxDigitsCount) { value.writeDigits(to: $0) }, value.description)
        }
        for n: Int64 in [0, 7, -7, 1_700_000_000_000, .max, .min] {
            XCTAssertEqual(written(24) { n.writeDigits(to: $0) }, String(n))
        }
    }

    func testJSONStringBytesEscapeLikeTheStringForm() {
        for text in ["BTCUSDT", "A\"B\\C", "line\nbreak\ttab\r", "\u{1}\u{7F}\u{85}\u{2028}\u{2029}", "ünï €", ""] {
            let quoted = JSONString.quoted(text)
            XCTAssertEqual(written(JSONString.maxLiteralCount(text)) { JSONString.write(text, to: $0) }, quoted)
            XCTAssertFalse(quoted.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
        XCTAssertEqual(JSONString.quoted("A\"B\\C\u{1}\n"), #""A\"B\\C\u0001\n""#)
    }

    /// What a pointer writer puts into a buffer of `capacity` bytes, as text.
    func written(_ capacity: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let n = write(buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(start: buffer.baseAddress, count: n), as: UTF8.self)
        }
    }
}
