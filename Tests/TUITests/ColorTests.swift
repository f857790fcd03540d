import XCTest
@testable import TUI

final class ColorTests: XCTestCase {
    func testHexParsing() {
        XCTAssertEqual(Color(hex: "#ff8700"), Color(r: 255, g: 135, b: 0))
        XCTAssertEqual(Color(hex: "default"), .default)
        XCTAssertNil(Color(hex: "#ff87"))
        XCTAssertNil(Color(hex: "red"))
        XCTAssertEqual(Color(r: 1, g: 2, b: 3).description, "#010203")
    }

    func testNearest256() {
        XCTAssertEqual(ColorMapping.nearest256(Color(r: 255, g: 0, b: 0)), 196)
        XCTAssertEqual(ColorMapping.nearest256(Color(r: 0, g: 0, b: 0)), 16)
        XCTAssertEqual(ColorMapping.nearest256(Color(r: 255, g: 255, b: 255)), 231)
        XCTAssertEqual(ColorMapping.nearest256(Color(r: 128, g: 128, b: 128)), 244, "greys go to the grey ramp")
        XCTAssertEqual(ColorMapping.nearest256(Color(r: 255, g: 135, b: 0)), 208)
        // Every cube entry maps to itself.
        for i in 16..<232 {
            XCTAssertEqual(ColorMapping.nearest256(ColorMapping.rgb(of: i)), i)
        }
    }

    func testNearest16And8() {
        XCTAssertEqual(ColorMapping.nearest16(Color(r: 250, g: 10, b: 10)), 9)
        XCTAssertEqual(ColorMapping.nearest8(Color(r: 250, g: 10, b: 10)), 1)
        XCTAssertEqual(ColorMapping.nearest8(Color(r: 38, g: 166, b: 154)), 6, "teal is cyan")
        XCTAssertEqual(ColorMapping.nearest8(Color(r: 0, g: 200, b: 0)), 2)
    }

    func testColorModeDetectionAndIndices() {
        XCTAssertEqual(ColorMode.detect(hasColors: true, colors: 256, directColor: false, noColorEnv: true), .monochrome)
        XCTAssertEqual(ColorMode.detect(hasColors: false, colors: 0, directColor: false, noColorEnv: false), .monochrome)
        XCTAssertEqual(ColorMode.detect(hasColors: true, colors: 8, directColor: false, noColorEnv: false), .basic8)
        XCTAssertEqual(ColorMode.detect(hasColors: true, colors: 16, directColor: false, noColorEnv: false), .basic16)
        XCTAssertEqual(ColorMode.detect(hasColors: true, colors: 256, directColor: false, noColorEnv: false), .palette256)
        XCTAssertEqual(ColorMode.detect(hasColors: true, colors: 256, directColor: true, noColorEnv: false), .trueColor)
        XCTAssertEqual(ColorMode.detect(hasColors: true, colors: 256, directColor: true, noColorEnv: true), .monochrome)
        XCTAssertTrue(ColorMode.hasDirectColor(colorterm: "truecolor", terminfoDirect: false))
        XCTAssertTrue(ColorMode.hasDirectColor(colorterm: "24bit", terminfoDirect: false))
        XCTAssertTrue(ColorMode.hasDirectColor(colorterm: nil, terminfoDirect: true))
        XCTAssertFalse(ColorMode.hasDirectColor(colorterm: nil, terminfoDirect: false))
        XCTAssertFalse(ColorMode.hasDirectColor(colorterm: "yes", terminfoDirect: false))
        XCTAssertEqual(ColorMode.palette256.index(of: .default), -1)
        XCTAssertEqual(ColorMode.monochrome.index(of: Color(r: 255, g: 0, b: 0)), -1)
        XCTAssertEqual(ColorMode.basic8.index(of: Color(r: 255, g: 0, b: 0)), 1)
    }

    func testBlend() {
        let c = Color(r: 200, g: 100, b: 0).blended(toward: Color(r: 0, g: 0, b: 0), 0.5)
        XCTAssertEqual(c, Color(r: 100, g: 50, b: 0))
        XCTAssertEqual(Color.default.blended(toward: Color(r: 0, g: 0, b: 0), 0.5), .default)
    }
}
