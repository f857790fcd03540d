/// The last `capacity` values of a series, oldest first; storage is allocated once in `init`.
struct RingBuffer: Sendable {
    private var storage: [Double]
    /// Index in `storage` of the oldest value.
    private var head = 0
    private(set) var count = 0
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity >= 1, "a ring buffer needs room for at least one value")
        self.capacity = capacity
        storage = Array(repeating: 0, count: capacity)
    }

    var isFull: Bool { count == capacity }

    /// The value pushed `capacity` pushes ago once full, i.e. the one the next push evicts.
    var oldest: Double { storage[head] }

    /// `self[0]` is the oldest value, `self[count - 1]` the newest.
    subscript(index: Int) -> Double {
        var i = head + index
        if i >= capacity { i -= capacity }
        return storage[i]
    }

    /// The storage slot the next `push` writes: slot k holds the values pushed k, k + capacity,
    /// k + 2·capacity, ... pushes after the first, which is the layout of TA-Lib's circular
    /// buffers (`CIRCBUF_NEXT`), so walking slots 0..<capacity adds in TA-Lib's order.
    var nextSlot: Int {
        guard count == capacity else { return count }  // `head` stays 0 until the first eviction
        return head
    }

    /// The value stored in `slot` (0..<capacity), in storage order rather than age order.
    func value(inSlot slot: Int) -> Double { storage[slot] }

    /// Appends `value`; returns the evicted oldest value when the buffer was full.
    @discardableResult
    mutating func push(_ value: Double) -> Double? {
        if count < capacity {
            var i = head + count
            if i >= capacity { i -= capacity }
            storage[i] = value
            count += 1
            return nil
        }
        let evicted = storage[head]
        storage[head] = value
        head += 1
        if head == capacity { head = 0 }
        return evicted
    }
}
