/// The depth ladder of the selected symbol, ready to draw: grouped levels, best prices in the
/// middle (asks above, bids below), and what the trader reads first: spread and imbalance.
public struct LadderView: Sendable, Equatable {
    public struct Level: Sendable, Equatable {
        public enum Side: Sendable, Equatable { case bid, ask }
        public var side: Side
        public var price: String
        public var size: Double
        /// Size from the best price out to this level.
        public var cumulative: Double
        /// The last trade's price falls in this level.
        public var lastTrade: Bool

        public init(side: Side, price: String, size: Double, cumulative: Double, lastTrade: Bool = false) {
            self.side = side
            self.price = price
            self.size = size
            self.cumulative = cumulative
            self.lastTrade = lastTrade
        }
    }

    public var symbol: String
    /// Best first on each side.
    public var asks: [Level]
    public var bids: [Level]
    public var spread: String?
    /// (bid size − ask size) / (bid size + ask size) over the levels shown, −1...1.
    public var imbalance: Double?
    /// "tick × 5": the price step the levels are grouped to.
    public var grouping: String
    /// The book is being rebuilt (after a gap or a reconnect): no levels are shown.
    public var resyncing: Bool

    public init(symbol: String, asks: [Level] = [], bids: [Level] = [], spread: String? = nil, imbalance: Double? = nil,
                grouping: String = "tick", resyncing: Bool = false) {
        self.symbol = symbol
        self.asks = asks
        self.bids = bids
        self.spread = spread
        self.imbalance = imbalance
        self.grouping = grouping
        self.resyncing = resyncing
    }
}

/// Time and sales of the selected symbol, newest first.
public struct TapeView: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var time: String
        public var price: String
        public var size: String
        public var buy: Bool
        /// At or above the size threshold: highlighted.
        public var large: Bool
        /// Trades collapsed into this line (same price and side, one refresh).
        public var count: Int

        public init(time: String, price: String, size: String, buy: Bool, large: Bool = false, count: Int = 1) {
            self.time = time
            self.price = price
            self.size = size
            self.buy = buy
            self.large = large
            self.count = count
        }
    }

    public var symbol: String
    public var rows: [Row]
    /// The size threshold, as text ("≥ 0.85").
    public var threshold: String?

    public init(symbol: String, rows: [Row] = [], threshold: String? = nil) {
        self.symbol = symbol
        self.rows = rows
        self.threshold = threshold
    }
}
