import Bus
import Foundation
import Signals

/// `thebot history --feed`: the signals the feed keeps on the bus (THEBOT_SIGNALS), in the
/// same formats as the local history.
enum FeedHistory {
    static func write(url: String, auth: BusAuthFlags, symbol: String?, since: String?, format: SignalHistoryFormat,
                      output: (String) -> Void) throws {
        let (filter, sinceMs) = try SignalHistoryQuery.parseFilter(symbol: symbol, since: since)
        let connection = try auth.connect(url: url)
        defer { connection.close() }
        let subject = "thebot.signals.\(Feed.venue.id).\(filter?.name ?? "*")"
        let messages: [BusMessage]
        do {
            messages = try connection.replay(stream: FeedSubjects.signalStream, subject: subject)
        } catch let error as BusError {
            throw UserError(error.description)
        }
        let signals = messages.compactMap { JSONLine.parseSignal($0.payload) }
            .filter { sinceMs == nil || $0.time >= sinceMs! }
            .sorted { $0.time < $1.time }
        SignalHistoryQuery.write(signals, format: format, output: output)
    }
}
