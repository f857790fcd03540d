/// One character position on the screen. A wide character (CJK) occupies its cell and the next,
/// which holds `Cell.continuation`, so column arithmetic stays exact.
public struct Cell: Hashable, Sendable {
    public var scalar: Unicode.Scalar
    public var style: Style

    public init(_ scalar: Unicode.Scalar = " ", style: Style = .plain) {
        self.scalar = scalar
        self.style = style
    }

    /// NUL never reaches the buffer from text (sanitize strips it), so it can mark the right half of
    /// a wide character.
    public static let continuationScalar: Unicode.Scalar = "\u{0}"
    public var isContinuation: Bool { scalar == Cell.continuationScalar }

    public static let blank = Cell()
}
