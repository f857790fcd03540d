import Foundation
import MarketModel
import Testing
@testable import MarketData

/// Runs `body` with a client that owns its HTTPClient and always shuts it down, so a failing
/// expectation cannot leave a running HTTPClient behind (AsyncHTTPClient traps on that).
private func withRestClient<T>(_ options: RestClientOptions,
                               _ body: (RestClient) async throws -> T) async throws -> T {
    let client = RestClient(options: options)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

/// Fast retries and short cool-downs so every scenario finishes in well under three seconds.
private func testOptions(_ server: RestTestServer) -> RestClientOptions {
    RestClientOptions(baseURL: server.baseURL, requestTimeout: .seconds(2),
                      backoffBase: .milliseconds(5), backoffCap: .milliseconds(40),
                      breakerCooldown: .milliseconds(300), userAgent: "thebot/test",
                      usedWeightHeader: RestTestServer.usedWeightHeader)
}

/// The error a request fails with, or nil (recorded as an issue) if it succeeded.
private func failure(_ client: RestClient, _ path: String = "/api/v3/ping", weight: Int = 1,
                     sourceLocation: SourceLocation = #_sourceLocation) async -> RestError? {
    do {
        _ = try await client.get(path, query: [], weight: weight)
        Issue.record("request succeeded but was expected to fail", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

@Suite("RestClient against a local HTTP server")
struct RestClientTests {
    @Test func retriesServerErrorsThenSucceeds() async throws {
        let server = try await RestTestServer.start { index, _ in
            index < 2 ? RestScriptedResponse(status: 500, body: "{\"code\":-1000,\"msg\":\"boom\"}")
                      : .ok("{\"serverTime\":1}", usedWeight: 7)
        }
        defer { Task { await server.stop() } }
        try await withRestClient(testOptions(server)) { client in
            let response = try await client.get("/api/v3/ticker/24hr",
                                                query: [("symbols", "[\"BTCUSDT\",\"ETHUSDT\"]")], weight: 2)
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "{\"serverTime\":1}")
            #expect(response.usedWeight(header: RestTestServer.usedWeightHeader) == 7)
            let status = await client.status
            #expect(status.requestCount == 3)
            #expect(status.consecutiveFailures == 0)
            #expect(status.breaker == .closed)
            #expect(status.weightUsed == 7)
        }
        let seen = server.requests
        #expect(seen.count == 3)
        #expect(seen.last?.uri == "/api/v3/ticker/24hr?symbols=%5B%22BTCUSDT%22%2C%22ETHUSDT%22%5D")
        #expect(seen.last?.userAgent == "thebot/test")
    }

    @Test func serverErrorsExhaustRetries() async throws {
        let server = try await RestTestServer.start { _, _ in RestScriptedResponse(status: 503, body: "{\"code\":-1008,\"msg\":\"Server busy\"}") }
        defer { Task { await server.stop() } }
        var options = testOptions(server)
        options.maxRetries = 2
        options.breakerThreshold = 10
        try await withRestClient(options) { client in
            let error = await failure(client)
            #expect(error == .serverError(status: 503, message: "Server busy"))
            #expect(error?.description.contains("HTTP 503") == true)
        }
        #expect(server.requestCount == 3)
    }

    @Test func retryAfterPausesEveryRequestOfTheClient() async throws {
        let server = try await RestTestServer.start { index, _ in
            index == 0 ? RestScriptedResponse(status: 429, headers: [("Retry-After", "1")],
                                              body: "{\"code\":-1003,\"msg\":\"Too much request weight used\"}")
                       : .ok()
        }
        defer { Task { await server.stop() } }
        try await withRestClient(testOptions(server)) { client in
            async let first = client.get("/api/v3/time", weight: 1)
            // Wait until the 429 has been seen, then send a second, independent request.
            while await client.status.pausedUntil == nil { try await Task.sleep(for: .milliseconds(5)) }
            let second = try await client.get("/api/v3/ping", weight: 1)
            #expect(second.status == 200)
            #expect(try await first.status == 200)
        }
        let seen = server.requests
        try #require(seen.count == 3)
        let rateLimitedAt = seen[0].arrivedAt
        // Both the retry and the unrelated request waited out the full Retry-After.
        #expect(seconds(seen[1].arrivedAt - rateLimitedAt) >= 0.9)
        #expect(seconds(seen[2].arrivedAt - rateLimitedAt) >= 0.9)
    }

    @Test func shortBanIsWaitedOutLongBanFailsFast() async throws {
        let server = try await RestTestServer.start { index, _ in
            switch index {
            case 0: return RestScriptedResponse(status: 418, headers: [("Retry-After", "1")])
            case 2: return RestScriptedResponse(status: 418, headers: [("Retry-After", "7200")],
                                                body: "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until 1660090423228.\"}")
            default: return .ok()
            }
        }
        defer { Task { await server.stop() } }
        try await withRestClient(testOptions(server)) { client in
            let started = ContinuousClock.now
            let waited = try await client.get("/api/v3/ping", weight: 1)
            #expect(waited.status == 200)
            #expect(seconds(.now - started) >= 0.9)

            let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
            let error = await failure(client)
            guard case .ipBanned(let until)? = error else {
                Issue.record("expected an IP ban, got \(String(describing: error))")
                return
            }
            #expect(abs(until - (nowMs + 7_200_000)) < 60_000)
            #expect(error?.description.contains("HTTP 418") == true)
            #expect(error?.description.contains("until \(CivilDate.iso8601(until))") == true)
            // While banned nothing reaches the server.
            #expect(await failure(client) == error)
            #expect(await client.status.pausedUntil != nil)
        }
        #expect(server.requestCount == 3)
    }

    @Test func weightBudgetDelaysRequestWhenServerReportsOverBudget() async throws {
        let server = try await RestTestServer.start { index, _ in
            .ok(usedWeight: index == 0 ? 5_000 : 60)
        }
        defer { Task { await server.stop() } }
        var options = testOptions(server)
        options.weightWindow = .seconds(1)
        try await withRestClient(options) { client in
            _ = try await client.get("/api/v3/depth", weight: 50)
            let afterFirst = ContinuousClock.now
            #expect(await client.status.estimatedWeight >= 4_800)
            #expect(await client.status.budgetDelays == 0)
            _ = try await client.get("/api/v3/ping", weight: 1)
            #expect(seconds(.now - afterFirst) >= 0.9)
            let status = await client.status
            #expect(status.budgetDelays == 1)
            #expect(status.weightUsed == 60)
        }
        let seen = server.requests
        try #require(seen.count == 2)
        #expect(seconds(seen[1].arrivedAt - seen[0].arrivedAt) >= 0.9)
    }

    @Test func requestsUnderBudgetAreNotDelayed() async throws {
        let server = try await RestTestServer.start { index, _ in .ok(usedWeight: 100 + index) }
        defer { Task { await server.stop() } }
        try await withRestClient(testOptions(server)) { client in
            for _ in 0..<5 { _ = try await client.get("/api/v3/klines", weight: 2) }
            let status = await client.status
            #expect(status.budgetDelays == 0)
            #expect(status.weightUsed == 104)
            #expect(status.weightBudget == 4_800)
        }
    }

    @Test func breakerOpensFailsFastAndHalfOpensAfterCooldown() async throws {
        // Five failures open the breaker, the first probe fails, the second succeeds.
        let server = try await RestTestServer.start { index, _ in
            index <= 5 ? RestScriptedResponse(status: 500) : .ok()
        }
        defer { Task { await server.stop() } }
        try await withRestClient(testOptions(server)) { client in
            #expect(await failure(client) == .serverError(status: 500, message: "empty body"))
            #expect(server.requestCount == 5)
            var status = await client.status
            #expect(status.consecutiveFailures == 5)
            guard case .open = status.breaker else {
                Issue.record("breaker should be open, is \(status.breaker)")
                return
            }

            guard case .circuitOpen(let retryIn)? = await failure(client) else {
                Issue.record("expected a fast circuit-open failure")
                return
            }
            #expect(retryIn > .zero && retryIn <= .milliseconds(300))
            #expect(server.requestCount == 5)

            try await Task.sleep(for: .milliseconds(350))
            // The half-open probe fails: one request only, and the breaker reopens.
            #expect(await failure(client) == .serverError(status: 500, message: "empty body"))
            #expect(server.requestCount == 6)
            status = await client.status
            guard case .open = status.breaker else {
                Issue.record("a failed probe should reopen the breaker, is \(status.breaker)")
                return
            }
            guard case .circuitOpen? = await failure(client) else {
                Issue.record("expected a fast circuit-open failure after the failed probe")
                return
            }
            #expect(server.requestCount == 6)

            try await Task.sleep(for: .milliseconds(350))
            #expect(try await client.get("/api/v3/ping", weight: 1).status == 200)
            status = await client.status
            #expect(status.breaker == .closed)
            #expect(status.consecutiveFailures == 0)
        }
        #expect(server.requestCount == 7)
    }

    @Test func clientErrorsAreNotRetriedAndExplainThemselves() async throws {
        let html = "<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n"
        let server = try await RestTestServer.start { index, _ in
            switch index {
            case 0: return RestScriptedResponse(status: 400, headers: [("Content-Type", "application/json")],
                                                body: "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}")
            case 1: return RestScriptedResponse(status: 404, headers: [("Content-Type", "text/html")], body: html)
            default: return RestScriptedResponse(status: 451, body: "{\"code\":0,\"msg\":\"Service unavailable from a restricted location\"}")
            }
        }
        defer { Task { await server.stop() } }
        try await withRestClient(testOptions(server)) { client in
            let invalid = await failure(client, "/api/v3/klines")
            #expect(invalid == .rejected(status: 400, code: -1121, message: "Invalid symbol."))
            #expect(invalid?.description == "The exchange rejected the request (HTTP 400, code -1121): Invalid symbol.")

            let notFound = await failure(client, "/api/v3/nope")
            #expect(notFound == .rejected(status: 404, code: nil, message: "404 Not Found (HTML page)"))
            #expect(notFound?.description.contains("<") == false)

            #expect(await failure(client) == .restrictedRegion)
            let status = await client.status
            #expect(status.breaker == .closed)
            #expect(status.lastError?.contains("451") == true)
        }
        #expect(server.requestCount == 3)
    }

    @Test func slowResponseTimesOutAndIsRetried() async throws {
        let server = try await RestTestServer.start { index, _ in
            index == 0 ? RestScriptedResponse(status: 200, body: "{}", delay: .seconds(2)) : .ok("{\"fast\":true}")
        }
        defer { Task { await server.stop() } }
        var options = testOptions(server)
        options.requestTimeout = .milliseconds(200)
        try await withRestClient(options) { client in
            let response = try await client.get("/api/v3/ping", weight: 1)
            #expect(String(decoding: response.body, as: UTF8.self) == "{\"fast\":true}")
            #expect(await client.status.lastError?.contains("did not answer within") == true)
        }
        #expect(server.requestCount == 2)
    }

    @Test func timeoutsExhaustRetriesWithTimeoutError() async throws {
        let server = try await RestTestServer.start { _, _ in RestScriptedResponse(status: 200, delay: .seconds(2)) }
        defer { Task { await server.stop() } }
        var options = testOptions(server)
        options.requestTimeout = .milliseconds(150)
        options.maxRetries = 1
        try await withRestClient(options) { client in
            #expect(await failure(client) == .timedOut(after: .milliseconds(150)))
        }
        #expect(server.requestCount == 2)
    }

    @Test func httpsToPlainTCPPortFailsInTLSHandshake() async throws {
        let server = try await RestTestServer.start { _, _ in .ok() }
        defer { Task { await server.stop() } }
        var options = testOptions(server)
        options.baseURL = "https://127.0.0.1:\(server.port)"
        options.maxRetries = 0
        try await withRestClient(options) { client in
            let error = await failure(client)
            guard case .cannotReach(let host, .tls, _)? = error else {
                Issue.record("expected a TLS failure, got \(String(describing: error))")
                return
            }
            #expect(host == "127.0.0.1")
            #expect(error?.description.contains("TLS handshake failed") == true)
        }
    }

    @Test func closedPortFailsToConnect() async throws {
        let server = try await RestTestServer.start { _, _ in .ok() }
        await server.stop()
        var options = testOptions(server)
        options.maxRetries = 1
        try await withRestClient(options) { client in
            let error = await failure(client)
            guard case .cannotReach(_, .connect, _)? = error else {
                Issue.record("expected a connect failure, got \(String(describing: error))")
                return
            }
            #expect(await client.status.requestCount == 2)
        }
    }

    @Test func cancellationEndsAWaitingRequest() async throws {
        let server = try await RestTestServer.start { _, _ in RestScriptedResponse(status: 200, delay: .seconds(2)) }
        defer { Task { await server.stop() } }
        try await withRestClient(testOptions(server)) { client in
            let task = Task { try await client.get("/api/v3/ping", weight: 1) }
            while server.requestCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            task.cancel()
            let result = await task.result
            guard case .failure(let error) = result else {
                Issue.record("cancelled request succeeded")
                return
            }
            #expect(error as? RestError == .cancelled)
            #expect(await client.status.breaker == .closed)
        }
    }

    @Test func malformedBaseURLIsReported() async throws {
        try await withRestClient(RestClientOptions(baseURL: "api.binance.com")) { client in
            guard case .invalidRequest? = await failure(client) else {
                Issue.record("expected invalidRequest")
                return
            }
            #expect(await client.status.requestCount == 0)
        }
    }
}
