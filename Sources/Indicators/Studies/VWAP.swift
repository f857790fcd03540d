/// Volume-weighted average of the typical price, `Σ(tp·v)/Σv`.
///
/// Not a TA-Lib function. Two anchors:
/// - `.cumulative` (spec `vwap`): over the whole series, never reset.
/// - `.utcSession` (spec `svwap`): resets at each 00:00 UTC, judged by the bar's open time,
///   so each day's first bar starts a new average.
///
/// No value (NaN) while the summed volume is 0. The sums are compensated because they grow
/// for as long as the feed runs.
public struct VWAP: Indicator {
    public enum Anchor: Sendable, Hashable {
        case cumulative
        case utcSession
    }

    public let anchor: Anchor
    private var weighted = CompensatedSum()
    private var volume = CompensatedSum()
    private var session: Int64 = .min

    private static let millisecondsPerDay: Int64 = 86_400_000

    public init(anchor: Anchor = .cumulative) {
        self.anchor = anchor
    }

    public var value: Double? {
        let v = volume.value
        return v != 0 ? weighted.value / v : nil
    }

    public mutating func update(_ bar: Bar) {
        if anchor == .utcSession {
            // Floor division keeps pre-1970 bars on the right day.
            let day = bar.openTime >= 0
                ? bar.openTime / Self.millisecondsPerDay
                : (bar.openTime + 1) / Self.millisecondsPerDay - 1
            if day != session {
                session = day
                weighted.reset()
                volume.reset()
            }
        }
        weighted.add(bar.typicalPrice * bar.volume)
        volume.add(bar.volume)
    }

    /// `value` as it would be after `update(bar)`; the state is untouched. The state is a
    /// few scalars with no heap storage, so updating a copy costs no allocation and runs the
    /// very arithmetic a commit would.
    public func preview(_ bar: Bar) -> Double? {
        var next = self
        next.update(bar)
        return next.value
    }

    public var outputCount: Int { 1 }

    public func write(into buffer: inout [Double], at offset: Int) {
        buffer[offset] = value ?? .nan
    }

    public func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int) {
        buffer[offset] = preview(bar) ?? .nan
    }
}
