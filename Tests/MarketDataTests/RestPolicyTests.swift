import Testing
@testable import MarketData

/// The REST client's bookkeeping, on synthetic instants: no sockets, no sleeping.
@Suite("REST weight ledger, circuit breaker and backoff")
struct RestPolicyTests {
    let t0 = ContinuousClock.now

    @Test func ledgerExpiresWeightAfterTheWindow() {
        var ledger = RequestWeightLedger(window: .seconds(60))
        _ = ledger.record(weight: 10, now: t0)
        _ = ledger.record(weight: 5, now: t0 + .seconds(30))
        #expect(ledger.used(now: t0 + .seconds(59)) == 15)
        #expect(ledger.used(now: t0 + .seconds(60)) == 5)
        #expect(ledger.used(now: t0 + .seconds(90)) == 0)
    }

    @Test func ledgerBooksUnknownServerWeightAndFitsRequestsWhenItExpires() {
        var ledger = RequestWeightLedger(window: .seconds(60))
        let first = ledger.record(weight: 2, now: t0)
        // Other programs on this IP spent 4898 more.
        ledger.reconcile(reported: 4_900, sequence: first, now: t0 + .seconds(1))
        #expect(ledger.used(now: t0 + .seconds(1)) == 4_900)
        #expect(ledger.instantFitting(weight: 1, budget: 4_800, now: t0 + .seconds(1)) == t0 + .seconds(61))
        #expect(ledger.instantFitting(weight: 1, budget: 4_800, now: t0 + .seconds(61)) == nil)
    }

    @Test func ledgerShrinksWhenTheServerCountsLess() {
        var ledger = RequestWeightLedger(window: .seconds(60))
        let a = ledger.record(weight: 100, now: t0)
        let b = ledger.record(weight: 100, now: t0 + .seconds(1))
        let inFlight = ledger.record(weight: 50, now: t0 + .seconds(2))
        // The server's minute rolled over: it counts only request b.
        ledger.reconcile(reported: 100, sequence: b, now: t0 + .seconds(3))
        #expect(ledger.used(now: t0 + .seconds(3)) == 150)
        #expect(a < b && b < inFlight)
    }

    @Test func requestHeavierThanBudgetWaitsForEmptyLedger() {
        var ledger = RequestWeightLedger(window: .seconds(60))
        _ = ledger.record(weight: 10, now: t0)
        #expect(ledger.instantFitting(weight: 500, budget: 100, now: t0) == t0 + .seconds(60))
        #expect(RequestWeightLedger(window: .seconds(60)).instantFitting(weight: 500, budget: 100, now: t0) == nil)
    }

    @Test func breakerOpensAtThresholdAndAdmitsOneProbe() {
        var breaker = RestCircuitBreaker(threshold: 3, cooldown: .seconds(30))
        for _ in 0..<2 { breaker.recordFailure(now: t0) }
        #expect(breaker.admit(now: t0) == .allowed)
        breaker.recordFailure(now: t0)
        #expect(breaker.state == .open(until: t0 + .seconds(30)))
        #expect(breaker.admit(now: t0 + .seconds(10)) == .rejected(retryIn: .seconds(20)))
        #expect(breaker.admit(now: t0 + .seconds(30)) == .probe)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.admit(now: t0 + .seconds(30)) == .rejected(retryIn: .zero))
        breaker.recordFailure(now: t0 + .seconds(31))
        #expect(breaker.state == .open(until: t0 + .seconds(61)))
        #expect(breaker.admit(now: t0 + .seconds(61)) == .probe)
        breaker.recordSuccess()
        #expect(breaker.state == .closed)
        #expect(breaker.consecutiveFailures == 0)
    }

    @Test func inconclusiveProbeFreesTheProbeSlot() {
        var breaker = RestCircuitBreaker(threshold: 1, cooldown: .seconds(1))
        breaker.recordFailure(now: t0)
        #expect(breaker.admit(now: t0 + .seconds(1)) == .probe)
        breaker.recordInconclusive(wasProbe: true)
        #expect(breaker.admit(now: t0 + .seconds(1)) == .probe)
    }

    @Test func backoffDoublesUpToTheCapWithFullJitter() {
        let base = Duration.milliseconds(500), cap = Duration.seconds(30)
        let ceilings = (0..<8).map { RestRetryPolicy.ceiling(attempt: $0, base: base, cap: cap) }
        #expect(ceilings == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8),
                             .seconds(16), .seconds(30), .seconds(30)])
        #expect(RestRetryPolicy.ceiling(attempt: 200, base: base, cap: cap) == cap)
        #expect(RestRetryPolicy.delay(attempt: 3, base: base, cap: cap, unit: 0) == .zero)
        #expect(RestRetryPolicy.delay(attempt: 3, base: base, cap: cap, unit: 0.5) == .seconds(2))
        for attempt in 0..<6 {
            let d = RestRetryPolicy.delay(attempt: attempt, base: base, cap: cap)
            #expect(d >= .zero && d <= ceilings[attempt])
        }
    }

    @Test func errorBodiesBecomeOneLine() {
        let json = RestErrorBody(body: Array("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}".utf8), status: 400)
        #expect(json == RestErrorBody(code: -1121, message: "Invalid symbol."))
        let html = RestErrorBody(body: Array("<html>\n<head><title>410 Gone</title></head>\n</html>".utf8), status: 410)
        #expect(html.message == "410 Gone (HTML page)")
        let text = RestErrorBody(body: Array("  too\u{1B}[31m  many\n\nrequests ".utf8), status: 403)
        #expect(text.message == "too [31m many requests")
        #expect(RestErrorBody(body: [], status: 500).message == "empty body")
    }

    @Test func queryValuesArePercentEncoded() throws {
        let url = try RestURL.make(base: "https://api.binance.com/", path: "/api/v3/klines",
                                   query: [("symbol", "BTCUSDT"), ("interval", "1m"), ("x", "a b&c=d")])
        #expect(url == "https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1m&x=a%20b%26c%3Dd")
        #expect(RestURL.parseBase("https://api.binance.com")?.host == "api.binance.com")
        #expect(RestURL.parseBase("http://127.0.0.1:8080")?.port == 8080)
        #expect(RestURL.parseBase("ftp://x") == nil)
    }
}
