import MarketModel
import Synchronization

/// What the stream manager needs to see of one connection's traffic without a message per
/// frame: counters and a timestamp the event-loop thread updates and the watchdog reads.
final class ConnectionTap: Sendable {
    /// Frames received on every connection of the slot this one belongs to.
    let slotFrames: FrameCounter
    /// Monotonic nanoseconds of the last read that carried a frame.
    let lastReadNanos = Atomic<UInt64>(0)
    /// Only the slot's active connection hands its events on (a rotating one is muted).
    let isActive = Atomic<Bool>(false)

    init(slotFrames: FrameCounter) { self.slotFrames = slotFrames }

    func noteRead(frames count: Int) {
        slotFrames.count.add(count, ordering: .relaxed)
        lastReadNanos.store(Self.nowNanos(), ordering: .relaxed)
    }

    var lastReadSeconds: Double { Double(lastReadNanos.load(ordering: .relaxed)) / 1e9 }

    static func nowNanos() -> UInt64 { UInt64(monotonicSeconds() * 1e9) }
}

/// Frames received by all the connections a slot has had, for its message rate.
final class FrameCounter: Sendable {
    let count = Atomic<Int>(0)
}
