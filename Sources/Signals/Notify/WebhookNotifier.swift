import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
import MarketModel
#endif

/// POSTs each signal's JSON to a webhook URL from a background queue.
///
/// `send` never blocks: bodies wait in a bounded queue (the newest is dropped and logged when
/// it is full) and go out one at a time, in order. A network error, a 408, a 429 or a 5xx is
/// retried after a delay that doubles from `initialBackoff` up to 30 s, `maxAttempts` times in
/// all; other statuses are final. Failures are logged, never thrown.
public final class WebhookNotifier: Sendable {
    public let url: URL
    public let maxAttempts: Int
    public let initialBackoff: Double
    public let queueLimit: Int
    private let log: @Sendable (String) -> Void
    private let session: URLSession
    private let queue = DispatchQueue(label: "thebot.signals.webhook", qos: .utility)
    private let waiting = Locked(0)
    private let dropped = Locked(0)

    public init(url: URL, maxAttempts: Int = 5, initialBackoff: Double = 0.5, queueLimit: Int = 256,
                requestTimeout: Double = 10, log: @escaping @Sendable (String) -> Void) {
        self.url = url
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = max(0, initialBackoff)
        self.queueLimit = max(1, queueLimit)
        self.log = log
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = requestTimeout
        session = URLSession(configuration: configuration)
    }

    /// Queues one POST of `body`; returns at once.
    public func send(_ body: Data) {
        let accepted = waiting.withLock { n in
            guard n < queueLimit else { return false }
            n += 1
            return true
        }
        guard accepted else {
            let total = dropped.withLock { n in
                n += 1
                return n
            }
            log("The webhook queue is full (\(queueLimit) waiting); a signal was not posted (\(total) so far).")
            return
        }
        queue.async {
            self.deliver(body)
            self.waiting.withLock { $0 -= 1 }
        }
    }

    /// Blocks until every queued POST has been delivered or given up (tests and shutdown).
    public func waitUntilIdle() {
        queue.sync {}
    }

    private func deliver(_ body: Data) {
        var delay = initialBackoff
        for attempt in 1...maxAttempts {
            let outcome = post(body)
            switch outcome {
            case .delivered:
                return
            case .final(let status):
                log("The webhook answered HTTP \(status); the signal was not accepted.")
                return
            case .retry(let why):
                if attempt == maxAttempts {
                    log("The webhook failed \(maxAttempts) times (last: \(why)); the signal was not posted.")
                    return
                }
                Thread.sleep(forTimeInterval: delay)
                delay = min(30, max(delay * 2, 0.001))
            }
        }
    }

    private enum Outcome {
        case delivered
        case final(Int)
        case retry(String)
    }

    /// Holds the answer of one request until the waiting thread reads it.
    private final class Answer: Sendable {
        let value = Locked<(status: Int?, error: String?)>((nil, nil))
    }

    private func post(_ body: Data) -> Outcome {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("thebot", forHTTPHeaderField: "User-Agent")
        request.httpBody = body
        let answer = Answer()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { _, response, error in
            answer.value.withLock {
                $0 = ((response as? HTTPURLResponse)?.statusCode, error.map { $0.localizedDescription })
            }
            done.signal()
        }
        task.resume()
        done.wait()
        let (status, error) = answer.value.withLock { $0 }
        guard let status else { return .retry(error ?? "no response") }
        switch status {
        case 200..<300: return .delivered
        case 408, 429, 500...: return .retry("HTTP \(status)")
        default: return .final(status)
        }
    }
}
