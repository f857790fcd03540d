import Binance
import MarketModel
import XCTest

/// Real captured frames and the official examples, with their values checked digit for digit.
final class StreamDecoderFixtureTests: XCTestCase {
    func testKlineCombined2020() throws {
        let c = try candle(decodeFixture("ws/kline_open_btcusdt_1m_combined_2020.json"))
        XCTAssertEqual(c.symbol.name, "BTCUSDT")
        XCTAssertEqual(c.interval, .m1)
        XCTAssertEqual(c.openTime, 1_601_630_220_000)
        XCTAssertEqual(c.closeTime, 1_601_630_279_999)
        XCTAssertEqual(digits(c.open), "10437.32000000")
        XCTAssertEqual(digits(c.high), "10441.80000000")
        XCTAssertEqual(digits(c.low), "10437.32000000")
        XCTAssertEqual(digits(c.close), "10441.80000000")
        XCTAssertEqual(digits(c.volume), "20.63957400")
        XCTAssertEqual(digits(c.quoteVolume), "215452.69236872")
        XCTAssertEqual(digits(c.takerBuyBaseVolume), "19.31210700")
        XCTAssertEqual(digits(c.takerBuyQuoteVolume), "201593.99488069")
        XCTAssertEqual(c.trades, 183)
        XCTAssertFalse(c.isClosed)
    }

    func testKlineCombined2022AndNKN() throws {
        let c = try candle(decodeFixture("ws/kline_open_btcusdt_1m_combined_2022.json"))
        XCTAssertEqual(c.openTime, 1_653_818_760_000)
        XCTAssertEqual(digits(c.close), "29038.47000000")
        XCTAssertEqual(digits(c.volume), "0.20926000")
        XCTAssertEqual(c.trades, 31)

        let n = try candle(decodeFixture("ws/kline_open_nknusdt_1m_combined.json"))
        XCTAssertEqual(n.symbol.name, "NKNUSDT")
        XCTAssertEqual(digits(n.open), "0.35270000")
        XCTAssertEqual(digits(n.low), "0.35220000")
        XCTAssertEqual(digits(n.volume), "25877.00000000")
        XCTAssertEqual(n.trades, 30)
    }

    func testKlineClosedFlagFromX() throws {
        var text = try Fixtures.text("ws/kline_open_btcusdt_1m_combined_2020.json")
        text = text.replacingOccurrences(of: "\"x\":false", with: "\"x\":true")
        XCTAssertTrue(try candle(decode(text)).isClosed)
    }

    func testKlineDocsExampleRaw() throws {
        let c = try candle(decodeFixture("docs_examples/ws_kline.json"))
        XCTAssertEqual(c.symbol.name, "BNBBTC")
        XCTAssertEqual(c.openTime, 1_672_515_780_000)
        XCTAssertEqual(c.closeTime, 1_672_515_839_999)
        XCTAssertEqual(digits(c.open), "0.0010")
        XCTAssertEqual(digits(c.close), "0.0020")
        XCTAssertEqual(digits(c.high), "0.0025")
        XCTAssertEqual(digits(c.low), "0.0015")
        XCTAssertEqual(digits(c.volume), "1000")
        XCTAssertEqual(digits(c.takerBuyQuoteVolume), "0.500")
        XCTAssertEqual(c.trades, 100)
        XCTAssertFalse(c.isClosed)
    }

    func testAggTrades() throws {
        let t = try trade(decodeFixture("ws/aggTrade_btcusdt_combined_2020.json"))
        XCTAssertEqual(t.kind, .aggregate)
        XCTAssertEqual(t.symbol.name, "BTCUSDT")
        XCTAssertEqual(t.eventTime, 1_592_584_651_517)
        XCTAssertEqual(t.id, 315_753_210)
        XCTAssertEqual(digits(t.price), "9319.00000000")
        XCTAssertEqual(digits(t.quantity), "0.01864900")
        XCTAssertEqual(t.firstTradeId, 343_675_554)
        XCTAssertEqual(t.lastTradeId, 343_675_554)
        XCTAssertEqual(t.time, 1_592_584_651_516)
        XCTAssertTrue(t.isBuyerMaker)
        XCTAssertNil(t.buyerOrderId)

        let t2 = try trade(decodeFixture("ws/aggTrade_btcusdt_combined_2021.json"))
        XCTAssertEqual(digits(t2.price), "58942.01000000")
        XCTAssertFalse(t2.isBuyerMaker)

        // Carries an undocumented "st" key, and is pretty-printed.
        let t3 = try trade(decodeFixture("ws/aggTrade_ethusdt_combined_nautilus.json"))
        XCTAssertEqual(t3.symbol.name, "ETHUSDT")
        XCTAssertEqual(t3.id, 226_532)
        XCTAssertEqual(digits(t3.price), "1632.46000000")
        XCTAssertEqual(digits(t3.quantity), "0.34305000")

        let t4 = try trade(decodeFixture("ws/aggTrade_nknusdt_combined.json"))
        XCTAssertEqual(t4.id, 15_683_430)
        XCTAssertEqual(digits(t4.quantity), "58.00000000")

        let docs = try trade(decodeFixture("docs_examples/ws_aggTrade.json"))
        XCTAssertEqual(docs.id, 12345)
        XCTAssertEqual(docs.firstTradeId, 100)
        XCTAssertEqual(docs.lastTradeId, 105)
        XCTAssertEqual(digits(docs.price), "0.001")
        XCTAssertEqual(digits(docs.quantity), "100")
    }

    func testTradesWithAndWithoutOrderIds() throws {
        let old = try trade(decodeFixture("ws/trade_btcusdt_combined_2020.json"))
        XCTAssertEqual(old.kind, .trade)
        XCTAssertEqual(old.id, 343_719_861)
        XCTAssertEqual(digits(old.price), "9302.00000000")
        XCTAssertEqual(digits(old.quantity), "0.00101900")
        XCTAssertEqual(old.buyerOrderId, 2_517_144_287)
        XCTAssertEqual(old.sellerOrderId, 2_517_144_235)
        XCTAssertEqual(old.time, 1_592_591_955_765)
        XCTAssertFalse(old.isBuyerMaker)

        let eth = try trade(decodeFixture("ws/trade_ethusdt_combined_2021.json"))
        XCTAssertEqual(eth.id, 705_291_099)
        XCTAssertEqual(eth.buyerOrderId, 7_038_593_583)
        XCTAssertTrue(eth.isBuyerMaker)

        let waves = try trade(decodeFixture("ws/trade_wavesusdt_combined_2021.json"))
        XCTAssertEqual(waves.symbol.name, "WAVESUSDT")
        XCTAssertEqual(digits(waves.price), "37.84900000")

        let current = try trade(decodeFixture("docs_examples/ws_trade.json"))
        XCTAssertEqual(current.id, 12345)
        XCTAssertNil(current.buyerOrderId)
        XCTAssertNil(current.sellerOrderId)
        XCTAssertTrue(current.isBuyerMaker)
    }

    func testBookTickers() throws {
        let b = try bookTop(decodeFixture("ws/bookTicker_nknusdt_combined.json"))
        XCTAssertEqual(b.symbol.name, "NKNUSDT")
        XCTAssertEqual(b.updateId, 499_869_768)
        XCTAssertEqual(digits(b.bidPrice), "0.35210000")
        XCTAssertEqual(digits(b.bidQuantity), "672.00000000")
        XCTAssertEqual(digits(b.askPrice), "0.35260000")
        XCTAssertEqual(digits(b.askQuantity), "3199.00000000")
        XCTAssertNil(b.eventTime)
        XCTAssertNil(b.transactionTime)

        let withTimes = try bookTop(decodeFixture("ws/bookTicker_ethusdt_combined_with_E_T_nautilus.json"))
        XCTAssertEqual(withTimes.updateId, 12_711_621_188)
        XCTAssertEqual(withTimes.eventTime, 1_646_199_228_123)
        XCTAssertEqual(withTimes.transactionTime, 1_646_199_228_121)
        XCTAssertEqual(digits(withTimes.askQuantity), "2.84570000")

        let allMarket = try bookTop(decodeFixture("ws/bookTicker_all_market_btcusdt_combined_2022.json"))
        XCTAssertEqual(allMarket.updateId, 19_575_390_521)
        XCTAssertEqual(digits(allMarket.bidPrice), "29010.90000000")

        let docs = try bookTop(decodeFixture("docs_examples/ws_bookTicker.json"))
        XCTAssertEqual(docs.symbol.name, "BNBUSDT")
        XCTAssertEqual(docs.updateId, 400_900_217)
        XCTAssertEqual(digits(docs.askPrice), "25.36520000")
    }

    func testPartialDepth() throws {
        let (symbol, book) = try partialDepth(decodeFixture("ws/depth20_flmusdt_100ms_combined_2021.json"))
        XCTAssertEqual(symbol?.name, "FLMUSDT")
        XCTAssertEqual(book.lastUpdateId, 165_284_515)
        XCTAssertEqual(book.bids.count, 20)
        XCTAssertEqual(book.asks.count, 20)
        XCTAssertEqual(digits(book.bids.first?.price), "0.48560000")
        XCTAssertEqual(digits(book.bids.first?.quantity), "2036.02000000")
        XCTAssertEqual(digits(book.asks.last?.price), "0.49190000")
        XCTAssertEqual(digits(book.asks.last?.quantity), "159.76000000")

        let (eth, short) = try partialDepth(decodeFixture("ws/depth20_ethusdt_combined_truncated_2022.json"))
        XCTAssertEqual(eth?.name, "ETHUSDT")
        XCTAssertEqual(short.lastUpdateId, 17_044_571_457)
        XCTAssertEqual(short.bids.map(\.price.description), ["1782.00000000", "1781.95000000"])
        XCTAssertEqual(short.asks.map(\.quantity.description), ["15.46080000", "0.00780000"])

        // Raw connection: the payload does not name its symbol.
        let (none, docs) = try partialDepth(decodeFixture("docs_examples/ws_partialDepth.json"))
        XCTAssertNil(none)
        XCTAssertEqual(docs.lastUpdateId, 160)
        XCTAssertEqual(docs.bids, [PriceLevel(price: ExactDecimal("0.0024")!, quantity: ExactDecimal("10")!)])
    }

    func testDepthUpdates() throws {
        let d = try depthUpdate(decodeFixture("ws/depthUpdate_btcusdt_100ms_combined_2021.json"))
        XCTAssertEqual(d.symbol.name, "BTCUSDT")
        XCTAssertEqual(d.eventTime, 1_622_363_903_670)
        XCTAssertEqual(d.firstUpdateId, 11_294_093_710)
        XCTAssertEqual(d.finalUpdateId, 11_294_093_726)
        XCTAssertEqual(d.bids.map(\.price.description), ["35743.98000000", "35743.87000000"])
        XCTAssertTrue(d.bids[0].quantity.isZero, "zero quantity deletes the level")
        XCTAssertEqual(digits(d.bids[0].quantity), "0.00000000")
        XCTAssertEqual(digits(d.asks[0].quantity), "0.24000000")

        let n = try depthUpdate(decodeFixture("ws/depthUpdate_nknusdt_100ms_combined.json"))
        XCTAssertEqual(n.firstUpdateId, 499_869_753)
        XCTAssertEqual(n.finalUpdateId, 499_869_754)

        let docs = try depthUpdate(decodeFixture("docs_examples/ws_depthUpdate.json"))
        XCTAssertEqual(docs.symbol.name, "BNBBTC")
        XCTAssertEqual(docs.firstUpdateId, 157)
        XCTAssertEqual(docs.finalUpdateId, 160)
        XCTAssertEqual(digits(docs.asks.first?.quantity), "100")
    }

    func testMiniTickers() throws {
        let single = try ticker(decodeFixture("ws/miniTicker_btcusdt_combined_2020.json"))
        XCTAssertTrue(single.isMini)
        XCTAssertEqual(single.eventTime, 1_601_628_771_865)
        XCTAssertEqual(digits(single.last), "10456.56000000")
        XCTAssertEqual(digits(single.open), "10884.90000000")
        XCTAssertEqual(digits(single.quoteVolume), "685180788.34970800")
        XCTAssertNil(single.priceChange)

        let all = try tickers(decodeFixture("ws/miniTicker_arr_raw_2020.json"))
        XCTAssertGreaterThan(all.count, 8)
        XCTAssertTrue(all.allSatisfy(\.isMini))
        XCTAssertEqual(all[0].symbol.name, "ETHBTC")
        XCTAssertEqual(digits(all[0].last), "0.02456700")
        XCTAssertEqual(all[1].symbol.name, "BTCUSDT")
        XCTAssertEqual(digits(all[1].volume), "47798.03832300")
        XCTAssertEqual(all[7].symbol.name, "TNBBTC")
        XCTAssertEqual(digits(all[7].low), "0.00000028")

        let docs = try ticker(decodeFixture("docs_examples/ws_miniTicker.json"))
        XCTAssertEqual(digits(docs.quoteVolume), "18")
    }

    func testFullTickers() throws {
        let t = try ticker(decodeFixture("ws/ticker24hr_btcusdt_combined_2020.json"))
        XCTAssertFalse(t.isMini)
        XCTAssertEqual(digits(t.priceChange), "-65.00000000")
        XCTAssertEqual(digits(t.priceChangePercent), "-0.693")
        XCTAssertEqual(digits(t.weightedAveragePrice), "9343.29777965")
        XCTAssertEqual(digits(t.firstTradePrice), "9383.27000000")
        XCTAssertEqual(digits(t.last), "9318.48000000")
        XCTAssertEqual(digits(t.lastQuantity), "0.00250000")
        XCTAssertEqual(digits(t.bidPrice), "9318.18000000")
        XCTAssertEqual(digits(t.askQuantity), "0.35414300")
        XCTAssertEqual(t.statsOpenTime, 1_592_507_327_001)
        XCTAssertEqual(t.statsCloseTime, 1_592_593_727_001)
        XCTAssertEqual(t.firstTradeId, 343_178_738)
        XCTAssertEqual(t.lastTradeId, 343_729_077)
        XCTAssertEqual(t.tradeCount, 550_340)
        XCTAssertEqual(t.changePercent, -0.693, accuracy: 1e-12)

        let eth = try ticker(decodeFixture("ws/ticker24hr_ethusdt_combined_2022.json"))
        XCTAssertEqual(digits(eth.priceChangePercent), "1.600")
        XCTAssertEqual(eth.tradeCount, 552_479)

        let arr = try tickers(decodeFixture("ws/ticker_arr_combined_2022_deprecated.json"))
        XCTAssertEqual(arr.count, 1)
        XCTAssertEqual(arr[0].symbol.name, "ETHBTC")
        XCTAssertFalse(arr[0].isMini)
        XCTAssertEqual(arr[0].tradeCount, 117_442)

        let docs = try ticker(decodeFixture("docs_examples/ws_ticker24hr.json"))
        XCTAssertEqual(docs.statsOpenTime, 0)
        XCTAssertEqual(docs.statsCloseTime, 86_400_000)
        XCTAssertEqual(digits(docs.priceChangePercent), "250.00")
    }

    func testControlResponses() throws {
        XCTAssertEqual(try decodeFixture("ws/subscribe_ack_result_null.json"), .subscriptionResult(id: 2))
        XCTAssertEqual(try decodeFixture("docs_examples/ws_SUBSCRIBE_response.json"), .subscriptionResult(id: 1))
        XCTAssertEqual(try decodeFixture("docs_examples/ws_UNSUBSCRIBE_response.json"), .subscriptionResult(id: 312))
        XCTAssertEqual(try decodeFixture("docs_examples/ws_SET_PROPERTY_response.json"), .subscriptionResult(id: 5))
        XCTAssertEqual(try decodeFixture("docs_examples/ws_LIST_SUBSCRIPTIONS_response.json"),
                       .subscriptionList(id: 3, streams: ["btcusdt@aggTrade"]))
        XCTAssertEqual(try decodeFixture("docs_examples/ws_GET_PROPERTY_response.json"), .propertyValue(id: 2, value: true))
        XCTAssertEqual(try decode(#"{"result":false,"id":7}"#), .propertyValue(id: 7, value: false))
        XCTAssertEqual(try decode(#"{"result":[],"id":null}"#), .subscriptionList(id: nil, streams: []))
    }

    func testErrorsInBothShapes() throws {
        XCTAssertEqual(try decodeFixture("errors/ws_error_invalid_stream.json"),
                       .error(code: 2, message: "Invalid request: invalid stream", id: 2))
        XCTAssertEqual(try decodeFixture("errors/ws_error_invalid_json_id_null.json"),
                       .error(code: 3, message: "Invalid json", id: nil))
        XCTAssertEqual(try decodeFixture("errors/ws_error_inner_request_id_unsigned.json"),
                       .error(code: 2, message: "Invalid request: request ID must be an unsigned integer", id: nil))
        XCTAssertEqual(try decode(#"{"code":1,"msg":"Invalid value type: expected Boolean","id":9}"#),
                       .error(code: 1, message: "Invalid value type: expected Boolean", id: 9))
        XCTAssertEqual(try decode(#"{"error":{"msg":"say \"hi\"\n\u00e9","code":0},"id":"abc"}"#),
                       .error(code: 0, message: "say \"hi\"\né", id: nil))
    }

    func testServerShutdown() throws {
        XCTAssertEqual(try decodeFixture("docs_examples/ws_serverShutdown_raw.json"), .serverShutdown(eventTime: 1_770_123_456_789))
        XCTAssertEqual(try decodeFixture("docs_examples/ws_serverShutdown_combined.json"), .serverShutdown(eventTime: 1_770_123_456_789))
        XCTAssertEqual(try decode(#"{"e":"serverShutdown"}"#), .serverShutdown(eventTime: nil))
    }

    func testUnknownEventsAreCounted() throws {
        var decoder = StreamDecoder()
        XCTAssertEqual(try decoder.decode(Fixtures.bytes("docs_examples/ws_avgPrice.json")), .unknown(eventType: "avgPrice"))
        XCTAssertEqual(try decoder.decode(Array(#"{"stream":"x@y","data":{"e":"blockTrade","E":1}}"#.utf8)),
                       .unknown(eventType: "blockTrade"))
        XCTAssertEqual(decoder.unknownEventCount, 2)
        // Unknown elements of an all-market array are skipped and counted too.
        let mixed = try decoder.decode(Array(#"[{"e":"futureThing"},{"e":"24hrMiniTicker","E":1,"s":"AB","c":"1","o":"1","h":"1","l":"1","v":"1","q":"1"}]"#.utf8))
        XCTAssertEqual(try tickers(mixed).map(\.symbol.name), ["AB"])
        XCTAssertEqual(decoder.unknownEventCount, 3)
    }

    func testDepthSyncRecording() throws {
        var decoder = StreamDecoder()
        let diffs = try Fixtures.lines("depth_sync/nknusdt_diffs_100ms.jsonl").map { line in
            try depthUpdate(decoder.decode(line))
        }
        XCTAssertEqual(diffs.count, 150)
        XCTAssertEqual(diffs[0].firstUpdateId, 499_869_750)
        XCTAssertEqual(diffs[0].finalUpdateId, 499_869_752)
        XCTAssertEqual(digits(diffs[0].bids.first?.price), "0.35130000")
        for (previous, next) in zip(diffs, diffs.dropFirst()) {
            XCTAssertEqual(next.firstUpdateId, previous.finalUpdateId + 1, "the recording has no gaps")
            XCTAssertGreaterThan(next.eventTime, previous.eventTime)
        }
        XCTAssertTrue(diffs.allSatisfy { $0.symbol.name == "NKNUSDT" })

        let tops = try Fixtures.lines("depth_sync/nknusdt_bookTicker.jsonl").map { line in
            try bookTop(decoder.decode(line))
        }
        XCTAssertEqual(tops.count, 74)
        XCTAssertEqual(tops[1].updateId, 499_869_769)
        XCTAssertEqual(digits(tops[1].askQuantity), "1123.00000000")
        XCTAssertEqual(tops.map(\.updateId), tops.map(\.updateId).sorted())
        XCTAssertEqual(decoder.unknownEventCount, 0)

        // The snapshot body has the partial-depth payload's shape: both decoders must agree.
        let body = try Fixtures.data("depth_sync/nknusdt_snapshot_limit1000.json")
        let (symbol, streamed) = try partialDepth(decoder.decode([UInt8](body)))
        XCTAssertNil(symbol)
        XCTAssertEqual(streamed, try RestDecoder.depthSnapshot(body))
        XCTAssertEqual(streamed.lastUpdateId, 499_869_752)
    }

    func testCombinedKeyOrderDoesNotMatter() throws {
        let text = try Fixtures.text("ws/depth20_ethusdt_combined_truncated_2022.json")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let data = String(text.dropFirst(#"{"stream":"ethusdt@depth20","data":"#.count).dropLast())
        let swapped = #"{"data":"# + data + #","stream":"ethusdt@depth20"}"#
        XCTAssertEqual(try decode(swapped), try decode(text))
        XCTAssertEqual(try partialDepth(decode(swapped)).0?.name, "ETHUSDT")

        let kline = #"{"data":{"k":{"x":true,"Q":"2","V":"1","q":"3","n":5,"v":"4","l":"1.5","h":"2.5","c":"2.0","o":"1.0","L":2,"f":1,"i":"1h","s":"BTCUSDT","T":3599999,"t":0},"s":"BTCUSDT","E":3600001,"e":"kline"},"stream":"btcusdt@kline_1h"}"#
        let c = try candle(decode(kline))
        XCTAssertEqual(c, Candle(symbol: Symbol("BTCUSDT")!, interval: .h1, openTime: 0, closeTime: 3_599_999,
                                 open: ExactDecimal("1.0")!, high: ExactDecimal("2.5")!, low: ExactDecimal("1.5")!,
                                 close: ExactDecimal("2.0")!, volume: ExactDecimal("4")!, quoteVolume: ExactDecimal("3")!,
                                 trades: 5, takerBuyBaseVolume: ExactDecimal("1")!, takerBuyQuoteVolume: ExactDecimal("2")!,
                                 isClosed: true))
    }

    func testNonASCIISymbolsAndEscapes() throws {
        let t = try trade(decode(#"{"e":"trade","E":1,"s":"币安人生USDT","t":2,"p":"1.5","q":"2","T":1,"m":false}"#))
        XCTAssertEqual(t.symbol.name, "币安人生USDT")
        let escaped = try trade(decode(#"{"e":"trade","E":1,"s":"\u5e01\uD83D\uDE00X","t":2,"p":"1.5","q":"2","T":1,"m":false}"#))
        XCTAssertEqual(escaped.symbol.name, "币😀X")
    }
}
