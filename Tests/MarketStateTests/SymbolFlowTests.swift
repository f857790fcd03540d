import MarketModel
import XCTest
@testable import MarketState

/// The tape keeps the newest trades, oldest first, however many have passed through it.
final class SymbolFlowTests: XCTestCase {
    func testTheTapeKeepsTheNewestTradesInOrder() {
        let btc = Symbol("BTCUSDT")!
        var flow = SymbolFlow()
        XCTAssertNil(flow.lastTrade)
        func trade(_ id: Int64) -> MarketEvent {
            .trade(Trade(kind: .trade, symbol: btc, eventTime: id, id: id, price: ExactDecimal(mantissa: id, scale: 2),
                         quantity: ExactDecimal(mantissa: 1, scale: 0), time: id, isBuyerMaker: id % 2 == 0))
        }
        for id in 0..<10 { flow.apply(trade(Int64(id))) }
        XCTAssertEqual(flow.trades.map(\.id), Array(0..<10))
        XCTAssertEqual(flow.lastTrade?.id, 9)
        let total = SymbolFlow.tapeCapacity + 537
        for id in 10..<total { flow.apply(trade(Int64(id))) }
        XCTAssertEqual(flow.trades.map(\.id), Array(Int64(total - SymbolFlow.tapeCapacity)..<Int64(total)))
        XCTAssertEqual(flow.lastTrade?.id, Int64(total - 1))
    }
}
