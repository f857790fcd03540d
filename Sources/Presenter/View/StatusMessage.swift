/// The sentence on the bottom line, shown until its deadline.
struct StatusMessage: Sendable {
    private(set) var text: String?
    private(set) var untilMs: Int64 = 0

    mutating func show(_ sentence: String, nowMs: Int64, forMs: Int64) {
        text = sentence
        untilMs = nowMs + forMs
    }

    func current(at nowMs: Int64) -> String? {
        nowMs <= untilMs ? text : nil
    }
}
