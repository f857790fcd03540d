import Binance
import MarketModel
import XCTest

/// Shared helpers for the stream decoder tests.
func decodeFixture(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> StreamMessage {
    var decoder = StreamDecoder()
    return try decoder.decode(Fixtures.bytes(path))
}

func decode(_ text: String) throws(StreamDecodeError) -> StreamMessage {
    var decoder = StreamDecoder()
    return try decoder.decode(Array(text.utf8))
}

/// The error a frame produces, or nil (with a test failure) when it decodes.
func decodeError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> StreamDecodeError? {
    decodeError(Array(text.utf8), file: file, line: line)
}

func decodeError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> StreamDecodeError? {
    var decoder = StreamDecoder()
    do {
        let message = try decoder.decode(bytes)
        XCTFail("expected an error, decoded \(message)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

func candle(_ message: StreamMessage, file: StaticString = #filePath, line: UInt = #line) throws -> Candle {
    guard case .event(.candle(let c)) = message else {
        XCTFail("expected a candle, got \(message)", file: file, line: line)
        throw StreamDecodeError.emptyFrame
    }
    return c
}

func trade(_ message: StreamMessage, file: StaticString = #filePath, line: UInt = #line) throws -> Trade {
    guard case .event(.trade(let t)) = message else {
        XCTFail("expected a trade, got \(message)", file: file, line: line)
        throw StreamDecodeError.emptyFrame
    }
    return t
}

func bookTop(_ message: StreamMessage, file: StaticString = #filePath, line: UInt = #line) throws -> BookTop {
    guard case .event(.bookTop(let b)) = message else {
        XCTFail("expected a book top, got \(message)", file: file, line: line)
        throw StreamDecodeError.emptyFrame
    }
    return b
}

func ticker(_ message: StreamMessage, file: StaticString = #filePath, line: UInt = #line) throws -> Ticker24h {
    guard case .event(.ticker(let t)) = message else {
        XCTFail("expected a ticker, got \(message)", file: file, line: line)
        throw StreamDecodeError.emptyFrame
    }
    return t
}

func tickers(_ message: StreamMessage, file: StaticString = #filePath, line: UInt = #line) throws -> [Ticker24h] {
    guard case .event(.tickers(let t)) = message else {
        XCTFail("expected tickers, got \(message)", file: file, line: line)
        throw StreamDecodeError.emptyFrame
    }
    return t
}

func depthUpdate(_ message: StreamMessage, file: StaticString = #filePath, line: UInt = #line) throws -> DepthUpdate {
    guard case .event(.depthUpdate(let d)) = message else {
        XCTFail("expected a depth update, got \(message)", file: file, line: line)
        throw StreamDecodeError.emptyFrame
    }
    return d
}

func partialDepth(_ message: StreamMessage, file: StaticString = #filePath, line: UInt = #line) throws -> (Symbol?, DepthSnapshot) {
    guard case .event(.partialDepth(let symbol, let snapshot)) = message else {
        XCTFail("expected partial depth, got \(message)", file: file, line: line)
        throw StreamDecodeError.emptyFrame
    }
    return (symbol, snapshot)
}

/// Exact digits as the exchange wrote them.
func digits(_ value: ExactDecimal?) -> String? { value?.description }
