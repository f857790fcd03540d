/// Committed indicator values after each closed bar, oldest first, in one flat buffer that is
/// overwritten in place: the overlays of a chart read a column across the bars kept.
public struct ValueRing: Sendable {
    public private(set) var width: Int
    public let capacity: Int
    private var storage: [Double]
    private var head = 0
    public private(set) var count = 0

    public init(width: Int, capacity: Int) {
        self.width = width
        self.capacity = max(1, capacity)
        storage = Array(repeating: .nan, count: max(1, width) * self.capacity)
    }

    /// Appends one row (`values.count == width`), dropping the oldest when full.
    public mutating func append(_ values: [Double]) {
        guard width > 0 else {
            count = min(count + 1, capacity)
            return
        }
        let slot = (head + count) % capacity
        if count < capacity {
            count += 1
        } else {
            head = (head + 1) % capacity
        }
        let base = slot * width
        for i in 0..<width { storage[base + i] = values[i] }
    }

    /// Column `column` of row `row` (0 = oldest kept).
    public func value(row: Int, column: Int) -> Double {
        storage[((head + row) % capacity) * width + column]
    }

    /// Column `column` across the rows kept, oldest first.
    public func column(_ column: Int) -> [Double] {
        guard column >= 0, column < width else { return [] }
        return (0..<count).map { value(row: $0, column: column) }
    }

    public mutating func removeAll(width newWidth: Int) {
        width = newWidth
        storage = Array(repeating: .nan, count: max(1, newWidth) * capacity)
        head = 0
        count = 0
    }
}
