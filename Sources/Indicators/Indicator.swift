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

/// TA-Lib's `TA_IS_ZERO_SCALED(v, scale)`: `|v| <= 1e-14·scale`, a zero test relative to the
/// magnitude of the operands `v` is a difference of (TA-Lib 0.8.1, which answers "is this
/// window flat?" this way in CCI, WILLR, STOCH and MFI). A fixed band would call every window
/// of a coin quoted near 1e-8 flat; an exact test would divide the rounding residue of an
/// identical-price window into a spurious value (CCI ±66.67, %R -100). ~90 ulps of `scale`.
@inlinable
func isTALibZero(_ v: Double, scale: Double) -> Bool { abs(v) <= 1e-14 * scale }

/// TA-Lib's fixed-band `TA_IS_ZERO` (`-1e-14 < x < 1e-14`), still right for scale-free
/// quantities: ADX tests +DI + -DI, a sum of percentages, this way in TA-Lib 0.8.1.
@inlinable
func isTALibZero(_ x: Double) -> Bool { x > -1e-14 && x < 1e-14 }
