import XCTest
@testable import MarketModel

final class ExactDecimalTests: XCTestCase {
    func testExchangeStringsPrintBackDigitForDigit() {
        for text in ["4261.48000000", "0.00001234", "0", "-12.30", "123456789.12345678", "0.00000001", "1", "-0.5"] {
            XCTAssertEqual(ExactDecimal(text)?.description, text)
        }
    }

    func testValuesCompareNumericallyWhateverTheirScale() {
        XCTAssertEqual(ExactDecimal("1.10"), ExactDecimal("1.1"))
        XCTAssertEqual(ExactDecimal("1.10")?.hashValue, ExactDecimal("1.1")?.hashValue)
        XCTAssertLessThan(ExactDecimal("0.99999999")!, ExactDecimal("1")!)
        XCTAssertLessThan(ExactDecimal("-2")!, ExactDecimal("-1.5")!)
        XCTAssertEqual(ExactDecimal("4261.48")!.doubleValue, 4261.48)
    }

    func testArithmeticIsExact() throws {
        let a = ExactDecimal("0.1")!, b = ExactDecimal("0.2")!
        XCTAssertEqual(try (a + b).description, "0.3")
        XCTAssertEqual(try (ExactDecimal("1.00000000")! - ExactDecimal("0.00000001")!).description, "0.99999999")
        XCTAssertEqual(ExactDecimal("2.345")!.rounded(toScale: 2).description, "2.35")
        XCTAssertEqual(ExactDecimal("-2.345")!.rounded(toScale: 2).description, "-2.35")
        XCTAssertEqual(ExactDecimal("60000.12345")!.formatted(decimals: 2), "60000.12")
        XCTAssertEqual(ExactDecimal(rounding: 0.000012345, scale: 8).description, "0.00001235")
    }

    func testAnythingButAPlainDecimalIsRefused() {
        for bad in ["", "-", ".", "1.", ".5x", "1e5", "1.2.3", " 1", "1 ", "abc", "0x10",
                    "999999999999999999999999999999999999999", "1.000000000000000000000000000000000000000", "--1", "+"] {
            XCTAssertNil(ExactDecimal(bad), "accepted \(bad)")
        }
        XCTAssertEqual(ExactDecimal(".5")?.description, "0.5")
        XCTAssertEqual(ExactDecimal("9223372036854775807")?.mantissa, Int128(Int64.max))
        XCTAssertEqual(ExactDecimal("-9223372036854775808")?.mantissa, Int128(Int64.min))
        XCTAssertEqual(ExactDecimal("9223372036854775808")?.mantissa, Int128(Int64.max) + 1)
    }
}

final class IntervalTests: XCTestCase {
    let day: Int64 = 86_400_000

    func ms(_ y: Int64, _ m: Int64, _ d: Int64, _ h: Int64 = 0, _ min: Int64 = 0) -> Int64 {
        CivilDate.toDays(year: y, month: m, day: d) * day + h * 3_600_000 + min * 60_000
    }

    func testEveryBinanceIntervalExists() {
        XCTAssertEqual(Interval.allCases.map(\.rawValue),
                       ["1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"])
        XCTAssertNil(Interval(rawValue: "2m"))
        XCTAssertEqual(Interval(rawValue: "1M"), .mo1)
        XCTAssertEqual(Interval(rawValue: "1m"), .m1)
    }

    func testFixedIntervalsAlignToTheEpoch() {
        let t = ms(2021, 2, 11, 3, 17) + 12_345
        XCTAssertEqual(Interval.m1.openTime(containing: t), ms(2021, 2, 11, 3, 17))
        XCTAssertEqual(Interval.m15.openTime(containing: t), ms(2021, 2, 11, 3, 15))
        XCTAssertEqual(Interval.h4.openTime(containing: t), ms(2021, 2, 11, 0))
        XCTAssertEqual(Interval.h1.closeTime(openTime: ms(2021, 2, 11, 3)), ms(2021, 2, 11, 4) - 1)
        XCTAssertEqual(Interval.d1.openTime(containing: t), ms(2021, 2, 11))
        XCTAssertEqual(Interval.s1.openTime(containing: 1_500), 1_000)
    }

    func testTheWeekStartsOnMondayMidnightUTC() {
        // 2021-02-11 was a Thursday; its week opened on Monday 2021-02-08.
        XCTAssertEqual(Interval.w1.openTime(containing: ms(2021, 2, 11, 3)), ms(2021, 2, 8))
        XCTAssertEqual(Interval.w1.openTime(containing: ms(2021, 2, 8)), ms(2021, 2, 8))
        XCTAssertEqual(Interval.w1.openTime(containing: ms(2021, 2, 8) - 1), ms(2021, 2, 1))
        XCTAssertEqual(Interval.w1.nextOpenTime(after: ms(2021, 2, 8)), ms(2021, 2, 15))
        // Before the epoch too: 1969-12-29 was a Monday.
        XCTAssertEqual(Interval.w1.openTime(containing: 0), ms(1969, 12, 29))
    }

    func testTheMonthIsTheCalendarMonth() {
        XCTAssertEqual(Interval.mo1.openTime(containing: ms(2024, 2, 29, 23, 59)), ms(2024, 2, 1))
        XCTAssertEqual(Interval.mo1.nextOpenTime(after: ms(2024, 2, 1)), ms(2024, 3, 1))
        XCTAssertEqual(Interval.mo1.closeTime(openTime: ms(2023, 2, 1)), ms(2023, 3, 1) - 1)
        XCTAssertEqual(Interval.mo1.nextOpenTime(after: ms(2021, 12, 1)), ms(2022, 1, 1))
        XCTAssertEqual(Interval.mo1.previousOpenTime(before: ms(2022, 1, 1)), ms(2021, 12, 1))
        XCTAssertEqual(Interval.mo1.count(from: ms(2021, 1, 1), to: ms(2022, 1, 1)), 12)
        XCTAssertEqual(Interval.mo1.openTimes(from: ms(2021, 11, 15), through: ms(2022, 1, 2)),
                       [ms(2021, 11, 1), ms(2021, 12, 1), ms(2022, 1, 1)])
    }

    func testCivilDatesRoundTripAcrossCenturies() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let (y, m, d) = CivilDate.fromDays(days)
            XCTAssertEqual(CivilDate.toDays(year: y, month: m, day: d), days)
        }
        XCTAssertEqual(CivilDate.iso8601(ms(2021, 2, 11, 3, 4) + 5_000), "2021-02-11T03:04:05Z")
    }
}

final class ExactDecimalRangeTests: XCTestCase {
    /// Binance writes every volume with 8 decimals; a SHIB volume of 7e11 would need 20 digits.
    func testHugeVolumesWithTrailingZerosFitAndPrintBack() throws {
        let v = ExactDecimal("700662959765.00000000")
        XCTAssertEqual(v?.description, "700662959765.00000000")
        XCTAssertEqual(v?.doubleValue, 700662959765)
        XCTAssertEqual(v, ExactDecimal("700662959765"))
        XCTAssertEqual(ExactDecimal("5000000000000.12000000")?.description, "5000000000000.12000000")
        XCTAssertEqual(ExactDecimal("5000000000000.12000000"), ExactDecimal("5000000000000.12"))
        XCTAssertEqual(ExactDecimal("0.10")?.description, "0.10")
        XCTAssertEqual(ExactDecimal("0.00001754")?.description, "0.00001754")
        XCTAssertEqual(ExactDecimal("100.00")?.doubleValue, 100)
        // 20 significant digits fit; 39 that really do not fit are still refused.
        XCTAssertEqual(ExactDecimal("700662959765.00000001")?.description, "700662959765.00000001")
        XCTAssertNil(ExactDecimal("700662959765000000000000000.000000000001"))
        let sum = try ExactDecimal("1.50")! + ExactDecimal("2.25")!
        XCTAssertEqual(sum, ExactDecimal("3.75"))
    }
}
