import Foundation

/// SplitMix64: tiny, fast and good enough for a market model. Every stream of random numbers
/// is keyed by what it describes (seed, symbol, day or minute), so any part of the market can
/// be regenerated on its own and comes out the same.
struct RandomSource {
    private var state: UInt64
    private var spareGaussian: Double?

    init(key: UInt64) { state = key }

    init(_ parts: UInt64...) {
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        for part in parts { h = RandomSource.mix(h ^ RandomSource.mix(part &+ 0x9E37_79B9_7F4A_7C15)) }
        state = h
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return RandomSource.mix(state)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Standard normal (Box-Muller, pairs cached).
    mutating func gaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        let u1 = 1 - uniform()
        let u2 = uniform()
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareGaussian = radius * Foundation.sin(angle)
        return radius * Foundation.cos(angle)
    }
}
