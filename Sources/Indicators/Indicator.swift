/// A streaming indicator over closed bars.
///
/// Conformers are value types. The forming (not yet closed) bar is shown with
/// `writePreview(of:into:at:)`, which computes what `update` would produce without touching
/// the state: updating a copy would cost heap allocations whenever the state holds a window
/// (copy-on-write of its storage), and a live feed previews many times per closed bar.
public protocol Indicator: Sendable {
    /// How many output columns `write(into:at:)` fills.
    var outputCount: Int { get }

    /// Folds one closed bar into the state. O(1) amortized unless the type says otherwise.
    mutating func update(_ bar: Bar)

    /// Writes the current outputs to `buffer[offset ..< offset + outputCount]`, `.nan` while
    /// warming up.
    func write(into buffer: inout [Double], at offset: Int)

    /// Writes the outputs as they would be after `update(bar)`, to the slots `write` uses,
    /// leaving the state alone. Bit-identical to updating a copy and writing it, and free
    /// of heap allocations.
    func writePreview(of bar: Bar, into buffer: inout [Double], at offset: Int)
}

/// TA-Lib's `TA_IS_ZERO`: RSI and ADX treat magnitudes below 1e-14 as zero, and matching
/// that is part of parity.
@inlinable
func isTALibZero(_ x: Double) -> Bool { x > -1e-14 && x < 1e-14 }
