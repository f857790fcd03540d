import XCTest
@testable import MarketModel

/// Up to 38 significant digits, exactly; beyond, a refusal or an `Overflow` error, never a trap.
final class ExactDecimalLimitsTests: XCTestCase {
    let nines38 = String(repeating: "9", count: 38)

    func test38SignificantDigitsRoundTripDigitForDigit() throws {
        for text in [nines38, "-" + nines38, "12345678901234567890.123456789012345678",
                     "0.00000000000000000000000000000000000001", "-0.12345678901234567890123456789012345678",
                     "1234567890123456789012345678.00000000", "700662959765000000000.00000000",
                     "18446744073709551615", "18446744073709551616", "-18446744073709551616"] {
            let value = try XCTUnwrap(ExactDecimal(text), text)
            XCTAssertEqual(value.description, text)
            XCTAssertEqual(written(value), text)
            XCTAssertEqual(ExactDecimal(value.description), value)
        }
        XCTAssertEqual(ExactDecimal(nines38)?.mantissa, ExactDecimal.maxMantissa)
        XCTAssertEqual(ExactDecimal("-" + nines38)?.mantissa, -ExactDecimal.maxMantissa)
    }

    func test39SignificantDigitsAreRefused() {
        for text in ["1" + nines38, "-1" + nines38, "100000000000000000000000000000000000000",
                     "1234567890123456789.01234567890123456789", "0.123456789012345678901234567890123456789",
                     "0.000000000000000000000000000000000000001", nines38 + ".01"] {
            XCTAssertNil(ExactDecimal(text), "accepted \(text)")
        }
        // Zero decimals past the 38th digit are kept as padding, as the exchange wrote them.
        XCTAssertEqual(ExactDecimal(nines38 + ".00")?.description, nines38 + ".00")
        XCTAssertEqual(ExactDecimal(nines38 + ".00")?.mantissa, ExactDecimal.maxMantissa)
    }

    func testAdditionAndSubtractionReportOverflow() throws {
        let top = try XCTUnwrap(ExactDecimal(nines38))
        let bottom = try XCTUnwrap(ExactDecimal("-" + nines38))
        let one = ExactDecimal(1)
        XCTAssertThrowsError(try top + one) { XCTAssertEqual($0 as? ExactDecimal.Overflow, ExactDecimal.Overflow()) }
        XCTAssertThrowsError(try bottom - one) { XCTAssertTrue($0 is ExactDecimal.Overflow) }
        XCTAssertThrowsError(try top - bottom)
        XCTAssertThrowsError(try top + top)
        // Bringing a 38-digit integer to one decimal needs 39 digits.
        XCTAssertThrowsError(try top + ExactDecimal("0.1")!)
        XCTAssertEqual(try (top - one).description, String(repeating: "9", count: 37) + "8")
        XCTAssertEqual(try (bottom + top).description, "0")
        XCTAssertEqual(try (ExactDecimal("0.1")! + ExactDecimal("0.2")!).description, "0.3")
        XCTAssertEqual(try (ExactDecimal("9223372036854775807")! + one).description, "9223372036854775808")
        XCTAssertEqual(ExactDecimal.Overflow().description, "A decimal result needs more than 38 significant digits.")
    }

    func testNegativeExtremesCompareAndPrintExactly() throws {
        let bottom = try XCTUnwrap(ExactDecimal("-" + nines38))
        let nearBottom = try XCTUnwrap(ExactDecimal("-" + String(repeating: "9", count: 37) + ".9"))
        XCTAssertLessThan(bottom, nearBottom)
        XCTAssertLessThan(bottom, ExactDecimal(mantissa: .min, scale: 0))
        XCTAssertLessThan(ExactDecimal(mantissa: .min, scale: 0), ExactDecimal(mantissa: .min, scale: 18))
        XCTAssertEqual(ExactDecimal("-9223372036854775808")!.description, "-9223372036854775808")
        XCTAssertEqual(ExactDecimal("-9223372036854775809")!.description, "-9223372036854775809")
        XCTAssertEqual(bottom.rounded(toScale: 0), bottom)
        XCTAssertEqual(nearBottom.rounded(toScale: 0).description, "-1" + String(repeating: "0", count: 37))
        XCTAssertTrue(bottom.isNegative)
        XCTAssertEqual(bottom.doubleValue, -1e38, accuracy: 1e24)
        // Scales far apart still compare exactly: no trip through Double.
        XCTAssertLessThan(ExactDecimal("0.00000000000000000000000000000000000001")!, ExactDecimal("0.00000000000000000000000000000000000002")!)
        XCTAssertLessThan(ExactDecimal("-0.00000000000000000000000000000000000001")!, ExactDecimal.zero)
        XCTAssertNotEqual(ExactDecimal("1234567890123456789012345678901234568")!, ExactDecimal("1234567890123456789012345678901234567.9")!)
        XCTAssertLessThan(ExactDecimal("1234567890123456789012345678901234567.9")!, ExactDecimal("1234567890123456789012345678901234568")!)
        XCTAssertEqual(ExactDecimal("1.5000000000000000000000000000000")!, ExactDecimal("1.5")!)
        XCTAssertEqual(ExactDecimal("1.5000000000000000000000000000000")!.hashValue, ExactDecimal("1.5")!.hashValue)
    }

    func testDoublesBeyondTheRangeSaturateInsteadOfTrapping() {
        XCTAssertEqual(ExactDecimal(rounding: .nan, scale: 2), .zero)
        XCTAssertEqual(ExactDecimal(rounding: .infinity, scale: 2).mantissa, ExactDecimal.maxMantissa)
        XCTAssertEqual(ExactDecimal(rounding: -1e300, scale: 8).mantissa, -ExactDecimal.maxMantissa)
        XCTAssertEqual(ExactDecimal(rounding: 1e20, scale: 2).description, "100000000000000000000.00")
        XCTAssertEqual(ExactDecimal(rounding: 1.5, scale: 200).scale, ExactDecimal.maxScale)
    }

    func testAWideValueIsStillThreeWordsOrLess() {
        XCTAssertEqual(MemoryLayout<ExactDecimal>.size, 18)
        XCTAssertEqual(MemoryLayout<ExactDecimal>.alignment, 8)
        XCTAssertEqual(MemoryLayout<ExactDecimal>.stride, 24)
    }

    func written(_ value: ExactDecimal) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: value.maxDigitsCount) { buffer in
            let n = value.writeDigits(to: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(start: buffer.baseAddress, count: n), as: UTF8.self)
        }
    }
}
