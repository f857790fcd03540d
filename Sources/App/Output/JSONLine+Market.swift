import MarketModel

/// The NDJSON lines of `stream --channels` beyond candles: prices and sizes as the exchange's
/// exact decimal strings, never through a Double.
extension JSONLine {
    static func trade(_ t: Trade) -> String {
        "{\"type\":\"trade\",\"symbol\":\(quote(t.symbol.name)),\"id\":\(t.id),\"time\":\(t.time),"
            + "\"price\":\"\(t.price)\",\"quantity\":\"\(t.quantity)\",\"side\":\"\(t.isBuyerMaker ? "sell" : "buy")\"}"
    }

    static func bookTop(_ b: BookTop) -> String {
        "{\"type\":\"book_top\",\"symbol\":\(quote(b.symbol.name)),\"update_id\":\(b.updateId),"
            + "\"bid_price\":\"\(b.bidPrice)\",\"bid_quantity\":\"\(b.bidQuantity)\","
            + "\"ask_price\":\"\(b.askPrice)\",\"ask_quantity\":\"\(b.askQuantity)\"}"
    }

    /// A synced book's top levels: bids best (highest) first, asks best (lowest) first.
    static func depth(_ symbol: Symbol, _ book: DepthSnapshot) -> String {
        func side(_ levels: [PriceLevel]) -> String {
            "[" + levels.map { "[\"\($0.price)\",\"\($0.quantity)\"]" }.joined(separator: ",") + "]"
        }
        return "{\"type\":\"depth\",\"symbol\":\(quote(symbol.name)),\"update_id\":\(book.lastUpdateId),"
            + "\"bids\":\(side(book.bids)),\"asks\":\(side(book.asks))}"
    }
}
