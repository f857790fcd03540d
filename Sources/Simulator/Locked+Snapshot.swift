import MarketModel

// The simulator shares the program's one lock type (`Locked`, from the model it already
// imports); this is only a shorthand for a copy of the guarded value.
extension Locked {
    var snapshot: Value { withLock { $0 } }
}
