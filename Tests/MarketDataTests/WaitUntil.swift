import MarketModel
import XCTest

extension XCTestCase {
    /// Polls `condition` until it holds; past `seconds` the test fails naming `what`. Only a
    /// failure depends on the time: passing tests assert order and counts.
    func waitUntil(seconds: Double, _ what: String = "the condition", _ condition: () async -> Bool) async throws {
        let deadline = monotonicSeconds() + seconds
        while monotonicSeconds() < deadline {
            if await condition() { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        XCTFail("not within \(seconds) s: \(what)")
        throw CancellationError()
    }
}
