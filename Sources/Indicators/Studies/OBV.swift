/// On-balance volume: starts at the first bar's volume (TA-Lib's convention, not 0), then
/// adds the volume on an up close, subtracts it on a down close, keeps it on an equal close.
public struct OBV: Indicator {
    private var current = 0.0
    private var previousClose = 0.0
    private var started = false

    public init() {}

    public var value: Double? { started ? current : nil }

    public mutating func update(_ bar: Bar) {
        if !started {
            current = bar.volume
            started = true
        } else if bar.close > previousClose {
            current += bar.volume
        } else if bar.close < previousClose {
            current -= bar.volume
        }
        previousClose = bar.close
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
