/// The bytes of terminal notifications: the bell, and desktop notifications by OSC 9
/// (iTerm2, WezTerm, Windows Terminal, kitty) and OSC 777 (rxvt, foot, VTE terminals).
/// They travel in the terminal stream, so over ssh they reach the user's own desktop.
public enum TerminalAlert {
    public static let bell: [UInt8] = [0x07]

    /// `ESC ] 9 ; text BEL`.
    public static func osc9(_ text: String, tmux: Bool) -> [UInt8] {
        let seq = [0x1B, 0x5D] + Array("9;".utf8) + Array(TerminalText.oscField(text).utf8) + [0x07]
        return tmux ? tmuxPassthrough(seq) : seq
    }

    /// `ESC ] 777 ; notify ; title ; body BEL`.
    public static func osc777(title: String, body: String, tmux: Bool) -> [UInt8] {
        let seq = [0x1B, 0x5D] + Array("777;notify;".utf8) + Array(TerminalText.oscField(title).utf8)
            + [UInt8(ascii: ";")] + Array(TerminalText.oscField(body).utf8) + [0x07]
        return tmux ? tmuxPassthrough(seq) : seq
    }

    /// tmux swallows OSC sequences it does not know; wrapped as `ESC P tmux; … ESC \` with
    /// every ESC inside doubled it forwards them to the outer terminal (with
    /// `set -g allow-passthrough on` since tmux 3.3).
    public static func tmuxPassthrough(_ seq: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1B, UInt8(ascii: "P")] + Array("tmux;".utf8)
        for byte in seq {
            out.append(byte)
            if byte == 0x1B { out.append(0x1B) }
        }
        out += [0x1B, UInt8(ascii: "\\")]
        return out
    }

    /// True when `$TMUX` is set and not empty.
    public static func insideTmux(_ environment: [String: String]) -> Bool {
        !(environment["TMUX"] ?? "").isEmpty
    }
}
