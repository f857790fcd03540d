import Foundation
import MarketModel

/// The feed failing, or back: announced once per change through the same channels as signals.
public struct FeedAlert: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case down, recovered
    }

    public var state: State
    /// Epoch ms.
    public var time: Int64
    /// The symbols without fresh data (empty when the connections themselves fail).
    public var symbols: [Symbol]
    /// One sentence: what failed and what happens next, or that it is back.
    public var message: String

    public init(state: State, time: Int64, symbols: [Symbol] = [], message: String) {
        self.state = state
        self.time = time
        self.symbols = symbols
        self.message = message
    }

    /// `{"type":"feed","state":"down|recovered","time":…,"time_iso":"…","symbols":[…],"message":"…"}`:
    /// the body `notify_command` and the webhook receive and the line `thebot stream` prints.
    public var jsonLine: String {
        var out = "{\"type\":\"feed\",\"state\":\"\(state.rawValue)\",\"time\":\(time),\"time_iso\":"
        JSONText.appendString(CivilDate.iso8601(time), to: &out)
        out += ",\"symbols\":["
        for (i, symbol) in symbols.enumerated() {
            if i > 0 { out += "," }
            JSONText.appendString(symbol.name, to: &out)
        }
        out += "],\"message\":"
        JSONText.appendString(message, to: &out)
        out += "}"
        return out
    }
}
