import Binance
import Foundation
import MarketModel
import XCTest

final class RestDecoderTests: XCTestCase {
    let btc = Symbol("BTCUSDT")!

    func testKlinesResponse() throws {
        let body = try Fixtures.data("rest/klines_btcusdt_1m_10rows_2021-10-22.json")
        let lastClose: Int64 = 1_634_944_379_999
        let candles = try RestDecoder.klines(body, symbol: btc, interval: .m1, now: lastClose)
        XCTAssertEqual(candles.count, 10)
        let first = candles[0]
        XCTAssertEqual(first.symbol, btc)
        XCTAssertEqual(first.interval, .m1)
        XCTAssertEqual(first.openTime, 1_634_943_780_000)
        XCTAssertEqual(first.closeTime, 1_634_943_839_999)
        XCTAssertEqual(digits(first.open), "60685.22000000")
        XCTAssertEqual(digits(first.high), "60729.84000000")
        XCTAssertEqual(digits(first.low), "60670.90000000")
        XCTAssertEqual(digits(first.close), "60719.27000000")
        XCTAssertEqual(digits(first.volume), "21.63272000")
        XCTAssertEqual(digits(first.quoteVolume), "1313200.01340410")
        XCTAssertEqual(first.trades, 617)
        XCTAssertEqual(digits(first.takerBuyBaseVolume), "12.28492000")
        XCTAssertEqual(digits(first.takerBuyQuoteVolume), "745719.41022840")
        XCTAssertEqual(candles.map(\.openTime), (0..<10).map { 1_634_943_780_000 + Int64($0) * 60_000 })
        XCTAssertEqual(candles.last?.closeTime, lastClose)
        // Closed means the close time is already past `now`.
        XCTAssertEqual(candles.filter(\.isClosed).count, 9)
        XCTAssertFalse(candles[9].isClosed)
        XCTAssertTrue(try RestDecoder.klines(body, symbol: btc, interval: .m1, now: lastClose + 1).allSatisfy(\.isClosed))
    }

    func testDocsKlinesExample() throws {
        let candles = try RestDecoder.klines(Fixtures.data("docs_examples/rest_klines.json"), symbol: Symbol("BNBBTC")!,
                                             interval: .w1, now: 0)
        XCTAssertEqual(candles.count, 1)
        XCTAssertEqual(digits(candles[0].open), "0.01634790")
        XCTAssertEqual(digits(candles[0].volume), "148976.11427815")
        XCTAssertEqual(candles[0].trades, 308)
        XCTAssertFalse(candles[0].isClosed)
    }

    func testCSVAndDerivedJSONAgreeOnAQuarterOfHourlyBars() throws {
        let now: Int64 = 1_700_000_000_000
        let csv = try RestDecoder.klinesCSV(Fixtures.text("rest/klines_btcusdt_1h_2021Q1_data-binance-vision.csv"),
                                            symbol: btc, interval: .h1, now: now)
        let json = try RestDecoder.klines(Fixtures.data("derived/klines_btcusdt_1h_2021Q1_rest_layout.json"),
                                          symbol: btc, interval: .h1, now: now)
        XCTAssertEqual(csv.count, 2158)
        XCTAssertEqual(csv, json)
        XCTAssertEqual(digits(csv[0].open), "28923.63000000")
        XCTAssertEqual(digits(csv[0].quoteVolume), "66768830.34010008")
        XCTAssertEqual(csv[0].trades, 58389)
        XCTAssertTrue(csv.allSatisfy(\.isClosed))
        // The maintenance bar and the two missing hours are kept exactly as recorded.
        let maintenance = try XCTUnwrap(csv.first { $0.openTime == 1_613_012_400_000 })
        XCTAssertEqual(maintenance.closeTime, 1_613_014_854_773)
        XCTAssertTrue(maintenance.volume.isZero)
        let opens = Set(csv.map(\.openTime))
        XCTAssertFalse(opens.contains(1_613_016_000_000))
        XCTAssertFalse(opens.contains(1_614_996_000_000))
    }

    func testADABTCMinuteCSV() throws {
        let candles = try RestDecoder.klinesCSV(Fixtures.text("rest/klines_adabtc_1m_2021-11-27_data-binance-vision.csv"),
                                                symbol: Symbol("ADABTC")!, interval: .m1, now: 1_637_971_500_000)
        XCTAssertGreaterThanOrEqual(candles.count, 10)
        XCTAssertEqual(candles[0].openTime, 1_637_971_200_000)
        XCTAssertEqual(digits(candles[0].close), "0.00002854")
        XCTAssertEqual(digits(candles[0].volume), "36304.20000000")
        XCTAssertEqual(candles[0].trades, 79)
        XCTAssertTrue(candles[0].isClosed)
        XCTAssertFalse(candles[5].isClosed, "closes at 1637971559999, after now")
    }

    func testCSVHeaderCRLFAndMicroseconds() throws {
        let text = "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\r\n"
            + "1735689600000000,93576.00000000,93610.93000000,93537.50000000,93610.93000000,8.21827000,1735689659999999,768978.30086580,1313,3.95342000,369991.28658280,0\r\n"
        let candles = try RestDecoder.klinesCSV(text, symbol: btc, interval: .m1, now: 1_800_000_000_000)
        XCTAssertEqual(candles.count, 1)
        XCTAssertEqual(candles[0].openTime, 1_735_689_600_000)
        XCTAssertEqual(candles[0].closeTime, 1_735_689_659_999)
        XCTAssertEqual(digits(candles[0].high), "93610.93000000")
    }

    func testBadKlineBodies() throws {
        XCTAssertThrowsError(try RestDecoder.klinesCSV("1,2,3\n", symbol: btc, interval: .m1, now: 0)) { error in
            XCTAssertEqual(error as? RestDecodeError, .invalidRow(what: "kline CSV", row: 0, detail: "it has 3 columns, expected 12"))
        }
        XCTAssertThrowsError(try RestDecoder.klinesCSV("1,x,1,1,1,1,2,1,1,1,1,0\n", symbol: btc, interval: .m1, now: 0)) { error in
            XCTAssertEqual((error as? RestDecodeError)?.description,
                           "Row 1 of the kline CSV from Binance is invalid: column 1 (open) \"x\" is not a decimal.")
        }
        let numberPrice = Data(#"[[1,1.5,"1","1","1","1",2,"1",1,"1","1","0"]]"#.utf8)
        XCTAssertThrowsError(try RestDecoder.klines(numberPrice, symbol: btc, interval: .m1, now: 0)) { error in
            guard case .unexpectedShape(let what, let detail)? = error as? RestDecodeError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(what, "klines response")
            XCTAssertTrue(detail.contains("[0][1]"), detail)
        }
        XCTAssertThrowsError(try RestDecoder.klines(Data(#"[[1,"1","1","1","1","1e3",2,"1",1,"1","1","0"]]"#.utf8),
                                                    symbol: btc, interval: .m1, now: 0)) { error in
            XCTAssertEqual(error as? RestDecodeError,
                           .invalidRow(what: "klines response", row: 0, detail: "column 5 (volume) \"1e3\" is not a decimal"))
        }
        let errorBody = try Fixtures.data("docs_examples/rest_error_invalid_symbol.json")
        XCTAssertThrowsError(try RestDecoder.klines(errorBody, symbol: btc, interval: .m1, now: 0)) { error in
            XCTAssertEqual(error as? RestDecodeError, .exchangeError(RestErrorBody(code: -1121, message: "Invalid symbol.")))
        }
        let html = try Fixtures.data("errors/rest_html_404_nginx.html")
        XCTAssertThrowsError(try RestDecoder.klines(html, symbol: btc, interval: .m1, now: 0)) { error in
            XCTAssertEqual(error as? RestDecodeError, .notJSON(what: "klines response"))
            XCTAssertEqual((error as? RestDecodeError)?.description, "The klines response from Binance is not valid JSON.")
        }
    }

    func testExchangeInfo() throws {
        let info = try ExchangeInfo(decoding: Fixtures.data("rest/exchangeInfo_btcusdt_2021.json"))
        XCTAssertEqual(info.serverTime, 1_634_942_465_856)
        XCTAssertEqual(info.symbols.map(\.symbol.name), ["BTCUSDT", "ETHUSDT"])
        let s = try XCTUnwrap(info.info(for: btc))
        XCTAssertEqual(s.status, "TRADING")
        XCTAssertTrue(s.isTrading)
        XCTAssertEqual(s.baseAsset, "BTC")
        XCTAssertEqual(s.quoteAsset, "USDT")
        XCTAssertEqual(digits(s.tickSize), "0.01000000")
        XCTAssertEqual(s.pricePrecision, 2)
        XCTAssertEqual(digits(s.stepSize), "0.00001000")
        XCTAssertEqual(s.quantityPrecision, 5)
        XCTAssertEqual(digits(s.minNotional), "10.00000000")
        XCTAssertEqual(info.info(for: Symbol("ETHUSDT")!)?.quantityPrecision, 4)
        XCTAssertEqual(info.rateLimits.count, 4)
        XCTAssertEqual(info.rateLimits[0], RateLimit(type: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: 1200))
        XCTAssertEqual(info.rateLimits[0].windowMilliseconds, 60_000)
        XCTAssertEqual(info.rateLimits[1].windowMilliseconds, 10_000)
        XCTAssertEqual(info.rateLimits[3], RateLimit(type: "RAW_REQUESTS", interval: "MINUTE", intervalNum: 5, limit: 6100))
    }

    func testExchangeInfoFilterVariants() throws {
        let body = Data(#"""
        {"symbols":[{"symbol":"XUSDT","status":"BREAK","baseAsset":"X","quoteAsset":"USDT","quoteAssetPrecision":6,
          "filters":[{"filterType":"SOMETHING_NEW","tickSize":5,"minNotional":[]},
                     {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000"},
                     {"filterType":"LOT_SIZE","minQty":"1.00000000","maxQty":"90.00000000","stepSize":"1.00000000"}]},
         {"symbol":"YUSDT","status":"TRADING","baseAsset":"Y","quoteAsset":"USDT",
          "filters":[{"filterType":"PRICE_FILTER","minPrice":"0","maxPrice":"0","tickSize":"0.50000000"}]}]}
        """#.utf8)
        let info = try ExchangeInfo(decoding: body)
        XCTAssertNil(info.serverTime)
        XCTAssertEqual(info.rateLimits, [])
        let x = info.symbols[0]
        XCTAssertNil(x.tickSize)
        XCTAssertEqual(x.pricePrecision, 6, "falls back to the quote asset precision")
        XCTAssertEqual(digits(x.minNotional), "5.00000000")
        XCTAssertEqual(x.quantityPrecision, 0)
        XCTAssertFalse(x.isTrading)
        XCTAssertEqual(info.symbols[1].pricePrecision, 1)
        XCTAssertEqual(SymbolInfo.decimals(ofTickSize: ExactDecimal("1.00000000")!), 0)
        XCTAssertEqual(SymbolInfo.decimals(ofTickSize: ExactDecimal("0.00000100")!), 6)
    }

    func testServerTimeAndDepth() throws {
        XCTAssertEqual(try RestDecoder.serverTime(Fixtures.data("rest/time_2021.json")), 1_633_835_466_289)

        let ten = try RestDecoder.depthSnapshot(Fixtures.data("rest/depth_snapshot_btcusdt_limit10_2021.json"))
        XCTAssertEqual(ten.lastUpdateId, 14_527_958_487)
        XCTAssertEqual(ten.bids.count, 10)
        XCTAssertEqual(ten.asks.count, 10)
        XCTAssertEqual(digits(ten.bids[0].price), "60650.00000000")
        XCTAssertEqual(digits(ten.bids[0].quantity), "0.00213000")
        XCTAssertEqual(digits(ten.asks[9].quantity), "0.96170000")

        let three = try RestDecoder.depthSnapshot(Fixtures.data("rest/depth_snapshot_btcusdt_truncated_2022.json"))
        XCTAssertEqual(three.lastUpdateId, 33_933_317_943)
        XCTAssertEqual(three.asks.map(\.price.description), ["23171.68000000", "23171.69000000", "23224.58000000"])

        let docs = try RestDecoder.depthSnapshot(Fixtures.data("docs_examples/rest_depth.json"))
        XCTAssertEqual(docs, DepthSnapshot(lastUpdateId: 1_027_024,
                                           bids: [PriceLevel(price: ExactDecimal("4.00000000")!, quantity: ExactDecimal("431.00000000")!)],
                                           asks: [PriceLevel(price: ExactDecimal("4.00000200")!, quantity: ExactDecimal("12.00000000")!)]))

        let sync = try RestDecoder.depthSnapshot(Fixtures.data("depth_sync/nknusdt_snapshot_limit1000.json"))
        XCTAssertEqual(sync.lastUpdateId, 499_869_752)
        XCTAssertEqual(digits(sync.bids.first?.price), "0.35210000")
        XCTAssertGreaterThan(sync.bids.count, 100)

        XCTAssertThrowsError(try RestDecoder.depthSnapshot(Data(#"{"lastUpdateId":1,"bids":[["x","1"]],"asks":[]}"#.utf8))) { error in
            guard case .invalidRow(_, 0, _)? = error as? RestDecodeError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try RestDecoder.serverTime(Data(#"{"code":-1003,"msg":"Too much request weight used."}"#.utf8))) { error in
            XCTAssertEqual((error as? RestDecodeError)?.description, "Binance answered with error -1003: Too much request weight used.")
        }
    }

    func testTicker24h() throws {
        let tickers = try RestDecoder.tickers24h(Fixtures.data("docs_examples/rest_ticker_24hr.json"))
        XCTAssertEqual(tickers.count, 1)
        let t = tickers[0]
        XCTAssertEqual(t.symbol.name, "BNBBTC")
        XCTAssertFalse(t.isMini)
        XCTAssertEqual(digits(t.priceChange), "-94.99999800")
        XCTAssertEqual(digits(t.priceChangePercent), "-95.960")
        XCTAssertEqual(digits(t.last), "4.00000200")
        XCTAssertEqual(digits(t.open), "99.00000000")
        XCTAssertEqual(t.eventTime, 1_499_869_899_040)
        XCTAssertEqual(t.tradeCount, 76)
        let mini = try RestDecoder.tickers24h(Data(#"[{"symbol":"AB","openPrice":"1","highPrice":"2","lowPrice":"0.5","lastPrice":"1.5","volume":"3","quoteVolume":"4","openTime":1,"closeTime":2,"firstId":1,"lastId":2,"count":2}]"#.utf8))
        XCTAssertTrue(mini[0].isMini)
        XCTAssertEqual(digits(mini[0].low), "0.5")
    }

    func testErrorBodies() throws {
        let docs = RestErrorBody(body: try Fixtures.data("docs_examples/rest_error_invalid_symbol.json"))
        XCTAssertEqual(docs, RestErrorBody(code: -1121, message: "Invalid symbol.", format: .json))
        XCTAssertEqual(docs.description, "Binance answered with error -1121: Invalid symbol.")

        let banned = RestErrorBody(body: try Fixtures.data("errors/rest_418_ip_banned.json"))
        XCTAssertEqual(banned.code, -1003)
        XCTAssertTrue(banned.message.hasPrefix("Way too much request weight used; IP banned until 1660090423228."))

        let text = RestErrorBody(body: try Fixtures.data("errors/rest_429_too_much_weight_message.txt"))
        XCTAssertNil(text.code)
        XCTAssertEqual(text.format, .text)
        XCTAssertTrue(text.message.hasPrefix("APIError(code=-1003): Too much request weight used"))
        XCTAssertTrue(text.description.hasPrefix("Binance answered with text instead of JSON: APIError(code=-1003)"))

        let notFound = RestErrorBody(body: try Fixtures.data("errors/rest_html_404_nginx.html"))
        XCTAssertEqual(notFound, RestErrorBody(code: nil, message: "404 Not Found", format: .html))
        XCTAssertEqual(notFound.description, "Binance answered with an HTML page instead of JSON: 404 Not Found.")

        let gone = RestErrorBody(body: try Fixtures.data("errors/rest_html_410_gone.html"))
        XCTAssertEqual(gone.message, "410 Gone")

        XCTAssertEqual(RestErrorBody(body: Data("<html><body><h1>403 &amp; Forbidden</h1></body></html>".utf8)).message, "403 & Forbidden")
        XCTAssertEqual(RestErrorBody(body: Data("<p>Request\n\tblocked\u{1B}[31m</p>".utf8)).message, "Request blocked [31m")
        XCTAssertEqual(RestErrorBody(body: Data("  \n".utf8)).description, "Binance answered with an empty body.")
        for body in [docs, banned, text, notFound, gone] {
            XCTAssertFalse(body.description.contains("\n"))
            XCTAssertTrue(body.description.hasSuffix("."), body.description)
        }
    }

    func testRestErrorDescriptions() {
        XCTAssertEqual(RestDecodeError.unexpectedShape(what: "depth snapshot", detail: "`bids` is not an array").description,
                       "The depth snapshot from Binance has an unexpected layout: `bids` is not an array.")
        XCTAssertEqual(RestDecodeError.invalidRow(what: "klines response", row: 2, detail: "x").description,
                       "Row 3 of the klines response from Binance is invalid: x.")
    }
}
