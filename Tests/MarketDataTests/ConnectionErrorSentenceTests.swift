#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOSSL
import XCTest
@testable import MarketData

/// The log and the status line say what failed, where, and what happens next, never SwiftNIO's text.
final class ConnectionErrorSentenceTests: XCTestCase {
    let binance = WebSocketEndpoint(secure: true, host: "stream.binance.com", port: 9443)
    let local = WebSocketEndpoint(secure: false, host: "127.0.0.1", port: 8123)

    func testErrorsBecomeSentences() {
        let table: [(error: any Error, wasOpen: Bool, delay: Double?, expected: String)] = [
            (IOError(errnoCode: ECONNRESET, reason: "read(descriptor:pointer:size:)"), true, 0.7,
             "Connection 1 to stream.binance.com was reset by the server; reconnecting in 0.7 s."),
            (IOError(errnoCode: EPIPE, reason: "write(descriptor:pointer:size:)"), true, 0,
             "Connection 1 to stream.binance.com was reset by the server; reconnecting now."),
            (IOError(errnoCode: ECONNREFUSED, reason: "connect"), false, 1.24,
             "Connection 1 to stream.binance.com failed: connection refused; retrying in 1.2 s."),
            (IOError(errnoCode: ETIMEDOUT, reason: "read"), true, 12.4,
             "Connection 1 to stream.binance.com timed out; reconnecting in 12 s."),
            (ChannelError.connectTimeout(.seconds(10)), false, 3,
             "Connection 1 to stream.binance.com timed out while connecting; retrying in 3.0 s."),
            (IOError(errnoCode: ENETUNREACH, reason: "connect"), false, 0.5,
             "Connection 1 to stream.binance.com failed: the network or host is unreachable; retrying in 0.5 s."),
            (ChannelError.eof, true, 0,
             "Connection 1 to stream.binance.com was closed by the server; reconnecting now."),
            (ChannelError.ioOnClosedChannel, true, 0,
             "Connection 1 to stream.binance.com was closed by the server; reconnecting now."),
            (NIOSSLError.uncleanShutdown, true, 0,
             "Connection 1 to stream.binance.com was closed by the server; reconnecting now."),
            (NIOSSLError.readInInvalidTLSState, false, 0.1,
             "Connection 1 to stream.binance.com failed the TLS handshake; retrying in 0.1 s."),
            (NIOSSLError.unableToValidateCertificate, false, 0.1,
             "Connection 1 to stream.binance.com failed: the server's TLS certificate was not accepted; retrying in 0.1 s."),
            (NIOSSLExtraError.failedToValidateHostname, false, 0.1,
             "Connection 1 to stream.binance.com failed: the server's certificate is for another host name; retrying in 0.1 s."),
            (WebSocketDialer.DialError.upgradeRefused("wss://stream.binance.com:9443"), false, 2,
             "Connection 1 to stream.binance.com was refused: the server did not accept the WebSocket upgrade; retrying in 2.0 s."),
        ]
        for row in table {
            let sentence = ConnectionErrorSentence.make(row.error, connection: 1, endpoint: binance,
                                                        wasOpen: row.wasOpen, delay: row.delay)
            XCTAssertEqual(sentence, row.expected, "\(row.error)")
            XCTAssertFalse(sentence.contains("errno"), sentence)
            XCTAssertFalse(sentence.contains("descriptor"), sentence)
        }
    }

    func testDNSFailureAndOtherProblems() {
        XCTAssertEqual(ConnectionErrorSentence.make(.dnsFailed, connection: 2, endpoint: binance, wasOpen: false, delay: 4),
                       "Connection 2 to stream.binance.com failed: the host name could not be resolved "
                       + "(check the network or DNS); retrying in 4.0 s.")
        XCTAssertEqual(ConnectionErrorSentence.make(.silent(seconds: 30), connection: 1, endpoint: local, wasOpen: true, delay: 0),
                       "Connection 1 to 127.0.0.1:8123 received nothing for 30 s; reconnecting now.")
        XCTAssertEqual(ConnectionErrorSentence.make(.requested, connection: 3, endpoint: local, wasOpen: true, delay: nil),
                       "Connection 3 to 127.0.0.1:8123 was restarted on request.")
    }

    func testUnknownErrnoNamesTheNumberNotTheSyscall() {
        let sentence = ConnectionErrorSentence.make(IOError(errnoCode: EBADF, reason: "read(descriptor:pointer:size:)"),
                                                    connection: 1, endpoint: local, wasOpen: true, delay: 1)
        XCTAssertEqual(sentence, "Connection 1 to 127.0.0.1:8123 failed with a socket error (errno \(EBADF)); reconnecting in 1.0 s.")
    }

    func testSeconds() {
        XCTAssertEqual(ConnectionErrorSentence.seconds(0.66), "0.7 s")
        XCTAssertEqual(ConnectionErrorSentence.seconds(9.99), "10 s")
        XCTAssertEqual(ConnectionErrorSentence.seconds(29.6), "30 s")
    }
}

/// One log line per change of the feed's state or problem, none for periodic refreshes.
final class HealthNarratorTests: XCTestCase {
    func health(_ state: ConnectionState, reconnects: Int = 0, error: String? = nil) -> FeedHealth {
        FeedHealth(state: state,
                   connections: [ConnectionHealth(id: 1, state: state, streams: 16, lastMessageAge: nil,
                                                  messagesPerSecond: 0, reconnects: reconnects, lastError: error)],
                   reconnects: reconnects, lastError: error)
    }

    func testOneLinePerStateChange() {
        var narrator = HealthNarrator()
        let reset = "Connection 1 to 127.0.0.1:8123 was reset by the server; reconnecting now."
        let reset2 = "Connection 1 to 127.0.0.1:8123 was reset by the server; reconnecting in 0.4 s."
        let snapshots = [
            health(.connecting), health(.connecting),
            health(.live), health(.live), health(.live),
            health(.reconnecting, reconnects: 1, error: reset), health(.reconnecting, reconnects: 1, error: reset),
            health(.live, reconnects: 1, error: reset), health(.live, reconnects: 1, error: reset),
            health(.live, reconnects: 1, error: reset),
            health(.reconnecting, reconnects: 2, error: reset2),
            health(.live, reconnects: 2, error: reset2),
        ]
        let lines = snapshots.compactMap { narrator.line(for: $0) }
        XCTAssertEqual(lines, [
            "Connecting to the feed.",
            "Feed is live: 1 connection carrying 16 streams.",
            reset,
            "Feed is live again after 1 reconnect.",
            reset2,
            "Feed is live again after 1 reconnect (2 since start).",
        ])
    }

    func testANewProblemWhileLiveIsLoggedOnce() {
        var narrator = HealthNarrator()
        _ = narrator.line(for: health(.live))
        let rejected = "Binance rejected SUBSCRIBE x: bad (code 2)."
        XCTAssertEqual(narrator.line(for: health(.live, error: rejected)), rejected)
        XCTAssertNil(narrator.line(for: health(.live, error: rejected)))
    }
}

final class BackfillSentenceTests: XCTestCase {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func testTheCountdownIsDroppedSoRetriesReadTheSame() {
        let a = StreamManager.backfillSentence(Failure(description: "Binance REST is failing repeatedly (circuit open); retrying in 27 s."))
        let b = StreamManager.backfillSentence(Failure(description: "Binance REST is failing repeatedly (circuit open); retrying in 3.5 s."))
        XCTAssertEqual(a, "Candle backfill over REST failed: Binance REST is failing repeatedly (circuit open); retrying.")
        XCTAssertEqual(a, b)
        XCTAssertEqual(StreamManager.backfillSentence(Failure(description: "Binance server error (HTTP 503): busy.")),
                       "Candle backfill over REST failed: Binance server error (HTTP 503): busy; retrying.")
    }
}
