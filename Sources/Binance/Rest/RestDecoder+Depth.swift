import Foundation
import MarketModel

extension RestDecoder {
    /// `GET /api/v3/depth`: `{"lastUpdateId":N,"bids":[["price","qty"],..],"asks":[..]}`.
    public static func depthSnapshot(_ body: Data) throws(RestDecodeError) -> DepthSnapshot {
        let what = "depth snapshot"
        let wire = try decode(DepthWire.self, from: body, what: what)
        func levels(_ rows: [[String]], side: String) throws(RestDecodeError) -> [PriceLevel] {
            var out: [PriceLevel] = []
            out.reserveCapacity(rows.count)
            for (index, row) in rows.enumerated() {
                guard row.count == 2, let price = ExactDecimal(row[0]), let quantity = ExactDecimal(row[1]) else {
                    throw .invalidRow(what: what, row: index, detail: "\(side) level \(row) is not a price and a quantity")
                }
                out.append(PriceLevel(price: price, quantity: quantity))
            }
            return out
        }
        return DepthSnapshot(lastUpdateId: wire.lastUpdateId,
                             bids: try levels(wire.bids.map(\.texts), side: "bid"),
                             asks: try levels(wire.asks.map(\.texts), side: "ask"))
    }

    /// `GET /api/v3/time`: the server clock in epoch ms.
    public static func serverTime(_ body: Data) throws(RestDecodeError) -> Int64 {
        try decode(ServerTimeWire.self, from: body, what: "server time response").serverTime
    }

    private struct DepthWire: Decodable {
        var lastUpdateId: Int64
        var bids: [LevelWire]
        var asks: [LevelWire]
    }

    /// Price and quantity; anything after them (old responses had an empty array) is ignored.
    private struct LevelWire: Decodable {
        var texts: [String]
        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            texts = [try c.decode(String.self), try c.decode(String.self)]
        }
    }

    private struct ServerTimeWire: Decodable {
        var serverTime: Int64
    }
}
