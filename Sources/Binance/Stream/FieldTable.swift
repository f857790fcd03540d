/// Where a key's value starts in the frame. Only the start is kept: the value was validated
/// when the object was read, so its end is found again cheaply when needed, and 4-byte
/// entries keep all field tables of a frame under 1 KB, small enough for the stack.
/// Offset 0 marks an absent key (no value inside an object can start there).
struct ValueRef {
    var offset: Int32

    static let absent = ValueRef(offset: 0)
    @inline(__always) var isPresent: Bool { offset != 0 }
    @inline(__always) var index: Int { Int(offset) }
}

/// One object's recorded fields.
struct FieldTable {
    let slots: UnsafeMutablePointer<ValueRef>
    let role: Int
    let depth: Int

    @inline(__always)
    subscript(slot: Int) -> ValueRef { slots[slot] }

    /// The field's name for error messages, with the nested object it came from.
    func name(_ slot: Int) -> String {
        switch role {
        case FrameParser.klineRole: return "k." + FieldKey.name(slot)
        case FrameParser.errorRole: return "error." + FieldKey.name(slot)
        default: return FieldKey.name(slot)
        }
    }
}
