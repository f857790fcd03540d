import AsyncHTTPClient
import Foundation
import MarketModel
import NIOCore
import NIOHTTP1
import NIOPosix

/// An exchange's public REST API behind the manners the exchange expects: a weight budget that
/// delays rather than exceeds, a shared pause on 429/418, jittered retries for server-side
/// failures and a circuit breaker so a dead host is not hammered.
///
/// One client per process and host: the weight limit and the bans are per IP, so separate
/// clients would each believe they have the whole budget.
public actor RestClient {
    public let options: RestClientOptions
    private let httpClient: HTTPClient
    private let ownsHTTPClient: Bool
    private let base: (scheme: String, host: String, port: Int?)?

    private var ledger: RequestWeightLedger
    private var breaker: RestCircuitBreaker
    private var pause: (until: ContinuousClock.Instant, cause: RestError)?
    private var lastError: String?
    private var requestCount = 0
    private var budgetDelays = 0
    private var shutDown = false

    /// Uses a client the caller owns and shuts down (share one per process; build it with
    /// `RestClient.httpClientConfiguration(for:)` so connection failures reach our retry logic).
    public init(options: RestClientOptions, httpClient: HTTPClient) {
        self.init(options: options, httpClient: httpClient, owns: false)
    }

    /// Creates and owns an HTTP client on `eventLoopGroup`; call `shutdown()` before dropping
    /// the last reference (AsyncHTTPClient traps on an HTTPClient deinitialised while running).
    public init(options: RestClientOptions,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        let client = HTTPClient(eventLoopGroup: eventLoopGroup,
                                configuration: RestClient.httpClientConfiguration(for: options))
        self.init(options: options, httpClient: client, owns: true)
    }

    private init(options: RestClientOptions, httpClient: HTTPClient, owns: Bool) {
        self.options = options
        self.httpClient = httpClient
        self.ownsHTTPClient = owns
        self.base = RestURL.parseBase(options.baseURL)
        self.ledger = RequestWeightLedger(window: options.weightWindow)
        self.breaker = RestCircuitBreaker(threshold: options.breakerThreshold, cooldown: options.breakerCooldown)
    }

    /// TLS certificates are fully verified (chain and host name) against the system's
    /// authorities plus `options.trust`'s.
    /// AsyncHTTPClient's own connection retries are off: they would hide the real failure
    /// (DNS, refused, TLS) behind a timeout and bypass our backoff and breaker.
    public static func httpClientConfiguration(for options: RestClientOptions) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        let connect = min(options.requestTimeout, .seconds(10))
        configuration.timeout = .init(connect: TimeAmount(connect), read: TimeAmount(options.requestTimeout))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.tlsConfiguration = options.trust.clientConfiguration
        return configuration
    }

    /// Shuts the HTTP client down if this client created it; otherwise does nothing.
    public func shutdown() async {
        guard ownsHTTPClient, !shutDown else { return }
        shutDown = true
        try? await httpClient.shutdown()
    }

    public var status: RestStatus {
        let now = ContinuousClock.now
        return RestStatus(
            weightUsed: ledger.lastReported,
            estimatedWeight: ledger.used(now: now),
            weightBudget: options.weightBudget,
            pausedUntil: pause.flatMap { $0.until > now ? $0.until : nil },
            breaker: breaker.state,
            consecutiveFailures: breaker.consecutiveFailures,
            lastError: lastError,
            requestCount: requestCount,
            budgetDelays: budgetDelays)
    }

    /// Requests in flight at once. One at a time means that after a 429 no other request is
    /// already on its way to arrive inside the Retry-After window, which is what gets an IP banned.
    private var inFlight = 0
    private var slotWaiters: [CheckedContinuation<Void, Never>] = []

    private func acquireSlot() async {
        if inFlight < max(1, options.maxConcurrentRequests) {
            inFlight += 1
            return
        }
        await withCheckedContinuation { slotWaiters.append($0) }
    }

    /// Hands the slot straight to the next waiter, so it cannot be taken twice.
    private func releaseSlot() {
        if slotWaiters.isEmpty {
            inFlight -= 1
        } else {
            slotWaiters.removeFirst().resume()
        }
    }

    /// GETs `path` (e.g. "/api/v3/klines") and returns the 2xx response with its whole body.
    /// `weight` is the endpoint's documented request weight.
    public func get(_ path: String, query: [(String, String)] = [], weight: Int) async throws(RestError) -> RestResponse {
        guard !shutDown else { throw RestError.cancelled }
        guard let base else { throw RestError.invalidRequest("base URL \"\(options.baseURL)\" is not http(s)://host[:port]") }
        let url = try RestURL.make(base: options.baseURL, path: path, query: query)
        var attempt = 0
        var lastFailure: RestError?
        while true {
            await acquireSlot()
            do {
                try await waitUntilSendable(weight: weight)
            } catch {
                releaseSlot()
                throw error
            }
            let admission = breaker.admit(now: .now)
            if case .rejected(let retryIn) = admission {
                releaseSlot()
                throw fail(lastFailure ?? .circuitOpen(retryIn: retryIn))
            }
            let isProbe = admission == .probe
            let sequence = ledger.record(weight: weight, now: .now)
            requestCount += 1

            let outcome = await RestClient.fetch(url: url, userAgent: options.userAgent, client: httpClient,
                                                 timeout: options.requestTimeout, maxBody: options.maxBodyBytes,
                                                 host: base.host)
            releaseSlot()
            let failure: RestError
            switch outcome {
            case .success(let response):
                if let header = options.usedWeightHeader, let used = response.usedWeight(header: header) {
                    ledger.reconcile(reported: used, sequence: sequence, now: .now)
                }
                switch response.status {
                case 200..<300:
                    breaker.recordSuccess()
                    return response
                case 429, 418:
                    breaker.recordInconclusive(wasProbe: isProbe)
                    failure = pauseAll(after: response)
                case 500...:
                    breaker.recordFailure(now: .now)
                    failure = .serverError(status: response.status, message: RestErrorBody(body: response.body, status: response.status).message)
                case 451:
                    breaker.recordSuccess()
                    throw fail(.restrictedRegion)
                default:
                    breaker.recordSuccess()
                    let body = RestErrorBody(body: response.body, status: response.status)
                    throw fail(.rejected(status: response.status, code: body.code, message: body.message))
                }
            case .failure(let error):
                if error == .cancelled || Task.isCancelled {
                    breaker.recordInconclusive(wasProbe: isProbe)
                    throw fail(.cancelled)
                }
                guard error.isRetryable else {
                    breaker.recordInconclusive(wasProbe: isProbe)
                    throw fail(error)
                }
                breaker.recordFailure(now: .now)
                failure = error
            }

            lastFailure = failure
            lastError = failure.description
            guard attempt < options.maxRetries else { throw fail(failure) }
            if failure.isRetryable {
                try await sleep(for: RestRetryPolicy.delay(attempt: attempt, base: options.backoffBase, cap: options.backoffCap))
            }
            attempt += 1
        }
    }

    /// Remembers the failure for the status bar; a cancellation is the caller's choice, not a
    /// problem with the exchange, so it leaves the last real error in place.
    private func fail(_ error: RestError) -> RestError {
        if error != .cancelled { lastError = error.description }
        return error
    }

    /// Records a 429/418 pause that every request of this client honours, and returns the error
    /// to report if the request cannot wait it out.
    private func pauseAll(after response: RestResponse) -> RestError {
        let seconds = response.header("Retry-After").flatMap { Int($0.trimmingSpaces) }
        // Without the header: a 429 clears when the minute window rolls; a ban lasts at least two minutes.
        let retryAfter = Duration.seconds(max(1, seconds ?? (response.status == 418 ? 120 : 60)))
        let cause: RestError
        if response.status == 418 {
            let untilMs = wallClockMilliseconds() + Int64(retryAfter.components.seconds) * 1000
            cause = .ipBanned(untilEpochMs: untilMs)
        } else {
            cause = .rateLimited(retryAfter: retryAfter)
        }
        let until = ContinuousClock.now + retryAfter
        if let current = pause, current.until >= until { return current.cause }
        pause = (until, cause)
        return cause
    }

    /// Holds the request until no 429/418 pause is in force and its weight fits the budget.
    private func waitUntilSendable(weight: Int) async throws(RestError) {
        var delayed = false
        while true {
            if Task.isCancelled { throw fail(.cancelled) }
            let now = ContinuousClock.now
            if let pause, pause.until > now {
                if pause.until - now > options.maxPauseWait {
                    throw fail(RestClient.remaining(pause.cause, until: pause.until, now: now))
                }
                try await sleep(until: pause.until)
                continue
            }
            if let fits = ledger.instantFitting(weight: weight, budget: options.weightBudget, now: now) {
                if !delayed {
                    delayed = true
                    budgetDelays += 1
                }
                try await sleep(until: fits)
                continue
            }
            return
        }
    }

    private static func remaining(_ cause: RestError, until: ContinuousClock.Instant, now: ContinuousClock.Instant) -> RestError {
        if case .rateLimited = cause { return .rateLimited(retryAfter: until - now) }
        return cause
    }

    private func sleep(for duration: Duration) async throws(RestError) {
        try await sleep(until: .now + duration)
    }

    private func sleep(until instant: ContinuousClock.Instant) async throws(RestError) {
        do {
            try await Task.sleep(until: instant, clock: .continuous)
        } catch {
            throw fail(.cancelled)
        }
    }

    /// One attempt, with the deadline covering the body too (AsyncHTTPClient's deadline ends
    /// when the response head arrives, and a stalled body would otherwise hang the caller).
    private static func fetch(url: String, userAgent: String, client: HTTPClient, timeout: Duration,
                              maxBody: Int, host: String) async -> Result<RestResponse, RestError> {
        let request = {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            request.headers.add(name: "User-Agent", value: userAgent)
            request.headers.add(name: "Accept", value: "application/json")
            return request
        }()
        do {
            let response = try await withThrowingTaskGroup(of: RestResponse?.self) { group in
                group.addTask {
                    let head = try await client.execute(request, timeout: TimeAmount(timeout))
                    let body = try await head.body.collect(upTo: maxBody)
                    return RestResponse(status: Int(head.status.code),
                                        headers: head.headers.map { ($0.name, $0.value) },
                                        body: Array(body.readableBytesView))
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw RestError.timedOut(after: timeout)
                }
                return response
            }
            return .success(response)
        } catch {
            return .failure(RestTransportError.classify(error, host: host, timeout: timeout))
        }
    }
}
