/// Per-series memory of one rule. Only a closed bar advances `mark` and `wasTrue`; a preview
/// evaluates on a copy, so a forming bar never moves the committed state.
struct RuleState: Sendable {
    /// The tracker's side or zone (see `Tracker`); 0 until the first valid value.
    var mark: Int8 = 0
    /// Bar index of the last emission; far in the past until the rule first fires.
    var lastFiredBar = Int.min / 2
    /// Expressions fire on a false → true edge.
    var wasTrue = false
}

/// Hysteresis state machines shared by the rules.
enum Tracker {
    static let unknown: Int8 = 0
    static let above: Int8 = 1
    static let below: Int8 = -1

    /// A two-sided cross of `diff` (a - b) through zero with a dead band: the side flips only
    /// once `diff` is beyond `band` on the other side. The first valid value sets the side
    /// silently (a cross needs both sides seen). Returns +1 for up, -1 for down, 0 otherwise.
    static func cross(_ side: inout Int8, diff: Double, band: Double) -> Int8 {
        guard !diff.isNaN else { return 0 }
        switch side {
        case below where diff > band:
            side = above
            return 1
        case above where diff < -band:
            side = below
            return -1
        case unknown:
            if diff > band { side = above } else if diff < -band { side = below }
            return 0
        default:
            return 0
        }
    }

    static let neutral: Int8 = 1
    static let lowZone: Int8 = 2
    static let highZone: Int8 = 3
}
