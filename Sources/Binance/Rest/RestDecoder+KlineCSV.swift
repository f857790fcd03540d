import MarketModel

extension RestDecoder {
    /// data.binance.vision kline files: no header, the 12 REST columns unquoted. A header
    /// line, if a file has one, is skipped. Times of 16 digits are microseconds (the spot
    /// files switched to them in 2025) and are brought back to milliseconds. The closed flag
    /// follows the same rule as `klines(_:symbol:interval:now:)`.
    public static func klinesCSV(_ text: String, symbol: Symbol, interval: Interval, now: Int64) throws(RestDecodeError) -> [Candle] {
        let what = "kline CSV"
        var candles: [Candle] = []
        var lineIndex = -1
        // "\r\n" is one Character in Swift, so `isNewline` covers both line endings.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineIndex += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 11 else {
                throw .invalidRow(what: what, row: lineIndex, detail: "it has \(fields.count) columns, expected 12")
            }
            guard let openTime = Int64(fields[0]) else {
                if candles.isEmpty && lineIndex == 0 && !fields[0].contains(where: \.isNumber) { continue }
                throw .invalidRow(what: what, row: lineIndex, detail: "column 0 (open time) \"\(fields[0])\" is not an integer")
            }
            guard let closeTime = Int64(fields[6]) else {
                throw .invalidRow(what: what, row: lineIndex, detail: "column 6 (close time) \"\(fields[6])\" is not an integer")
            }
            guard let trades = Int64(fields[8]) else {
                throw .invalidRow(what: what, row: lineIndex, detail: "column 8 (trade count) \"\(fields[8])\" is not an integer")
            }
            let micro = openTime >= 100_000_000_000_000
            let row = KlineRow(openTime: micro ? openTime / 1000 : openTime,
                               closeTime: micro ? closeTime / 1000 : closeTime,
                               trades: trades,
                               decimals: [1, 2, 3, 4, 5, 7, 9, 10].map { String(fields[$0]) })
            candles.append(try row.candle(symbol: symbol, interval: interval, now: now, row: lineIndex, what: what))
        }
        return candles
    }
}
