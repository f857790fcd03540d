import Foundation
import NIOCore

/// Simulated time: the start time plus real time elapsed since start, times the speed.
struct SimClock: Sendable {
    let startSimulated: Int64
    let startReal: UInt64
    let speed: Double

    static func realNanoseconds() -> UInt64 { NIODeadline.now().uptimeNanoseconds }

    static func wallClockMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    func now(real: UInt64 = SimClock.realNanoseconds()) -> Int64 {
        let elapsed = real >= startReal ? Double(real - startReal) / 1_000_000 : 0
        return startSimulated + Int64(elapsed * speed)
    }
}
