/// Something a frame can be presented on.
public protocol Screen: AnyObject {
    /// Columns and rows.
    var size: (width: Int, height: Int) { get }
    func present(_ buffer: Buffer)
}

/// An interactive screen: it also reads keys, and can be woken from another thread.
public protocol InteractiveScreen: Screen {
    /// Waits up to `timeoutMs` (-1: indefinitely) for input or a wake-up; returns the keys read
    /// (possibly none). Called only from the UI thread.
    func readKeys(timeoutMs: Int) -> [Key]
    /// Re-reads the terminal size after a resize.
    func refreshSize()
    /// The signal that asked the program to stop (SIGINT, SIGTERM, SIGHUP), if one arrived.
    var pendingSignal: Int32? { get }
    /// Colour capability found at start-up: the loop uses the monochrome theme without colours.
    var colorMode: ColorMode { get }
    /// False when the locale cannot show box and braille glyphs.
    var supportsUnicode: Bool { get }
    /// Leaves the terminal as it was found. Idempotent.
    func restore()
}

/// A screen for tests: keeps the last frame.
public final class TestScreen: Screen {
    public var size: (width: Int, height: Int)
    public private(set) var lastBuffer: Buffer?
    public private(set) var presentCount = 0

    public init(width: Int, height: Int) {
        size = (width, height)
    }

    public func present(_ buffer: Buffer) {
        lastBuffer = buffer
        presentCount += 1
    }

    /// The last frame's rows as text.
    public var lines: [String] { lastBuffer?.textLines() ?? [] }
    public var text: String { lines.joined(separator: "\n") }
}
