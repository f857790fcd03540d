/// One of `exchangeInfo.rateLimits`: e.g. REQUEST_WEIGHT 6000 per 1 MINUTE. Read the live
/// values rather than hard-coding them; Binance has changed them before.
public struct RateLimit: Sendable, Hashable, Decodable {
    /// `REQUEST_WEIGHT`, `RAW_REQUESTS` or `ORDERS`.
    public var type: String
    /// `SECOND`, `MINUTE`, `HOUR` or `DAY`.
    public var interval: String
    public var intervalNum: Int
    public var limit: Int

    public init(type: String, interval: String, intervalNum: Int, limit: Int) {
        self.type = type
        self.interval = interval
        self.intervalNum = intervalNum
        self.limit = limit
    }

    /// The window length in ms; nil for an interval name this client does not know.
    public var windowMilliseconds: Int64? {
        let unit: Int64
        switch interval {
        case "SECOND": unit = 1_000
        case "MINUTE": unit = 60_000
        case "HOUR": unit = 3_600_000
        case "DAY": unit = 86_400_000
        default: return nil
        }
        return unit * Int64(intervalNum)
    }

    enum CodingKeys: String, CodingKey {
        case type = "rateLimitType", interval, intervalNum, limit
    }
}
