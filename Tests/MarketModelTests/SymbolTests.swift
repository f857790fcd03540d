import XCTest
@testable import MarketModel

final class SymbolTests: XCTestCase {
    func testSymbolsAreUpperCaseLettersAndDigits() {
        XCTAssertEqual(Symbol("btcusdt")?.name, "BTCUSDT")
        XCTAssertEqual(Symbol("BTCUSDT")?.streamName, "btcusdt")
        XCTAssertNil(Symbol("BTC-USDT"))
        XCTAssertNil(Symbol(""))
        XCTAssertNil(Symbol("B"))
        XCTAssertNil(Symbol("BTC\u{1b}[2J"))
    }

    func testNamesRoundTripAndAreUpperCased() {
        XCTAssertEqual(Symbol("btcusdt")?.name, "BTCUSDT")
        XCTAssertEqual(Symbol("1000SATSUSDT")?.name, "1000SATSUSDT")
        XCTAssertEqual(Symbol("ABCDEFGHIJKLMNOPQRST")?.name, "ABCDEFGHIJKLMNOPQRST")
        XCTAssertNil(Symbol("A"))
        XCTAssertNil(Symbol("ABCDEFGHIJKLMNOPQRSTU"))
        XCTAssertNil(Symbol("BTC-USDT"))
    }

    func testExchangeNamesKeepAnyUTF8UpToCapacity() throws {
        let chinese = try XCTUnwrap(Symbol(exchangeName: "币安人生USDT"))
        XCTAssertEqual(chinese.name, "币安人生USDT")
        XCTAssertEqual(chinese.utf8Count, 16)
        let longest = String(repeating: "X", count: Symbol.capacity)
        XCTAssertEqual(Symbol(exchangeName: longest)?.name, longest)
        XCTAssertNil(Symbol(exchangeName: longest + "Y"))
        XCTAssertEqual(Symbol(exchangeName: "")?.name, "")
    }

    func testOrderIsTheNamesByteOrder() throws {
        let names = ["BTCUSDT", "BTC", "ETHUSDT", "AAVEUSDT", "BTCUSDC", "1INCHUSDT", "ZZ", "BTCUSDTX",
                     "SHIBUSDT", "ABCDEFGHIJKLMNOPQRSTUVW", "ABCDEFGHIJKLMNOPQRSTUVV", "ABCDEFGHIJKLMNOP", "币安人生USDT"]
        let symbols = try names.map { try XCTUnwrap(Symbol(exchangeName: $0)) }
        XCTAssertEqual(symbols.sorted().map(\.name), names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }

    func testEqualityAndHashFollowTheName() throws {
        let a = try XCTUnwrap(Symbol("ethusdt"))
        let b = try XCTUnwrap(Symbol(exchangeName: "ETHUSDT"))
        XCTAssertEqual(a, b)
        XCTAssertEqual(Set([a, b]).count, 1)
        XCTAssertNotEqual(Symbol("ETHUSDT"), Symbol("ETHUSD"))
        // Same bytes, different length: a prefix is not the symbol.
        XCTAssertNotEqual(Symbol(exchangeName: "AB"), Symbol(exchangeName: "AB\u{0}"))
    }

    func testCodableIsTheNameAndRefusesTooLong() throws {
        let data = try JSONEncoder().encode([Symbol("BTCUSDT")!])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["BTCUSDT"]"#)
        XCTAssertEqual(try JSONDecoder().decode([Symbol].self, from: data), [Symbol("BTCUSDT")!])
        let long = Data(#"["\#(String(repeating: "A", count: 24))"]"#.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode([Symbol].self, from: long))
    }

    func testJSONWriterEscapesWhatTheExchangeSent() throws {
        let odd = try XCTUnwrap(Symbol(exchangeName: "A\"B\\C\u{1}"))
        var buffer = [UInt8](repeating: 0, count: JSONString.maxLiteralCount(odd))
        let n = buffer.withUnsafeMutableBufferPointer { JSONString.write(odd, to: $0.baseAddress!) }
        XCTAssertEqual(String(decoding: buffer[..<n], as: UTF8.self), JSONString.quoted(odd.name))
        XCTAssertEqual(String(decoding: buffer[..<n], as: UTF8.self), #""A\"B\\C\u0001""#)
    }
}
