import Binance
import Foundation
import MarketModel
import XCTest

final class StreamNameTests: XCTestCase {
    let btc = Symbol("BTCUSDT")!

    func testBinanceSpelling() {
        XCTAssertEqual(StreamName.kline(btc, .m1).description, "btcusdt@kline_1m")
        XCTAssertEqual(StreamName.kline(btc, .mo1).description, "btcusdt@kline_1M")
        XCTAssertEqual(StreamName.aggTrade(btc).description, "btcusdt@aggTrade")
        XCTAssertEqual(StreamName.trade(btc).description, "btcusdt@trade")
        XCTAssertEqual(StreamName.bookTicker(btc).description, "btcusdt@bookTicker")
        XCTAssertEqual(StreamName.miniTicker(btc).description, "btcusdt@miniTicker")
        XCTAssertEqual(StreamName.ticker(btc).description, "btcusdt@ticker")
        XCTAssertEqual(StreamName.partialDepth(btc, levels: .twenty, fast: true).description, "btcusdt@depth20@100ms")
        XCTAssertEqual(StreamName.partialDepth(btc, levels: .five, fast: false).description, "btcusdt@depth5")
        XCTAssertEqual(StreamName.diffDepth(btc, fast: true).description, "btcusdt@depth@100ms")
        XCTAssertEqual(StreamName.diffDepth(btc, fast: false).description, "btcusdt@depth")
        XCTAssertEqual(StreamName.allMiniTickers.description, "!miniTicker@arr")
    }

    func testEveryNameRoundTrips() {
        var names: [StreamName] = [.allMiniTickers]
        for symbol in [btc, Symbol("ETHBTC")!, Symbol("1000SATSUSDT")!] {
            names += Interval.allCases.map { .kline(symbol, $0) }
            names += [.aggTrade(symbol), .trade(symbol), .bookTicker(symbol), .miniTicker(symbol), .ticker(symbol),
                      .diffDepth(symbol, fast: false), .diffDepth(symbol, fast: true)]
            for levels in StreamName.DepthLevels.allCases {
                names += [.partialDepth(symbol, levels: levels, fast: false), .partialDepth(symbol, levels: levels, fast: true)]
            }
        }
        XCTAssertEqual(Set(names.map(\.description)).count, names.count)
        for name in names {
            XCTAssertEqual(StreamName(name.description), name, name.description)
        }
        XCTAssertEqual(StreamName("ethusdt@depth20@100ms"), .partialDepth(Symbol("ETHUSDT")!, levels: .twenty, fast: true))
    }

    func testUnknownOrMisspelledNamesAreRejected() {
        for text in ["", "btcusdt", "@trade", "BTCUSDT@trade", "btcusdt@Trade", "btcusdt@depth15", "btcusdt@kline_2m",
                     "btcusdt@kline_1m@+08:00", "btcusdt@trade@100ms", "btcusdt@depth@250ms", "btcusdt@avgPrice",
                     "!ticker@arr", "btc-usdt@trade", "btcusdt@@trade"] {
            XCTAssertNil(StreamName(text), text)
        }
    }

    func testControlRequestJSON() {
        XCTAssertEqual(ControlRequest.subscribe([.aggTrade(btc), .diffDepth(btc, fast: false)], id: 1).json,
                       #"{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","btcusdt@depth"],"id":1}"#)
        XCTAssertEqual(ControlRequest.unsubscribe([.diffDepth(btc, fast: false)], id: 312).json,
                       #"{"method":"UNSUBSCRIBE","params":["btcusdt@depth"],"id":312}"#)
        XCTAssertEqual(ControlRequest.listSubscriptions(id: 3).json, #"{"method":"LIST_SUBSCRIPTIONS","id":3}"#)
        XCTAssertEqual(ControlRequest.setCombined(true, id: 5).json, #"{"method":"SET_PROPERTY","params":["combined",true],"id":5}"#)
        XCTAssertEqual(ControlRequest.getCombined(id: 2).json, #"{"method":"GET_PROPERTY","params":["combined"],"id":2}"#)
        XCTAssertEqual(ControlRequest.subscribe([.kline(btc, .h1), .allMiniTickers], id: 9_007_199_254_740_993).json,
                       #"{"method":"SUBSCRIBE","params":["btcusdt@kline_1h","!miniTicker@arr"],"id":9007199254740993}"#)
        XCTAssertEqual(ControlRequest.subscribe([.trade(Symbol(exchangeName: "A\"B\\C\u{1}")!)], id: 1).json,
                       #"{"method":"SUBSCRIBE","params":["a\"b\\c\u0001@trade"],"id":1}"#)
        XCTAssertEqual(ControlRequest.listSubscriptions(id: 4).id, 4)
    }

    /// The requests equal the official examples, compared as JSON values.
    func testControlRequestsMatchTheDocsExamples() throws {
        let cases: [(String, ControlRequest)] = [
            ("ws_SUBSCRIBE_request.json", .subscribe([.aggTrade(btc), .diffDepth(btc, fast: false)], id: 1)),
            ("ws_UNSUBSCRIBE_request.json", .unsubscribe([.diffDepth(btc, fast: false)], id: 312)),
            ("ws_LIST_SUBSCRIPTIONS_request.json", .listSubscriptions(id: 3)),
            ("ws_SET_PROPERTY_request.json", .setCombined(true, id: 5)),
            ("ws_GET_PROPERTY_request.json", .getCombined(id: 2)),
        ]
        for (file, request) in cases {
            let expected = try JSONSerialization.jsonObject(with: Fixtures.data("docs_examples/" + file)) as? NSDictionary
            let actual = try JSONSerialization.jsonObject(with: Data(request.json.utf8)) as? NSDictionary
            XCTAssertNotNil(expected)
            XCTAssertEqual(actual, expected, file)
        }
    }

    func testPaths() {
        XCTAssertEqual(StreamPath.combined([.kline(btc, .m1), .bookTicker(btc)]), "/stream?streams=btcusdt@kline_1m/btcusdt@bookTicker")
        XCTAssertEqual(StreamPath.raw(.kline(btc, .m1)), "/ws/btcusdt@kline_1m")
        XCTAssertEqual(StreamName.kline(btc, .m1).symbol, btc)
        XCTAssertNil(StreamName.allMiniTickers.symbol)
    }
}
