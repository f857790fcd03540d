import MarketModel

/// What every part of a running exchange shares: its options, market, clock, faults and
/// counters. All of it is immutable or behind a lock, so it crosses threads freely.
final class ExchangeCore: Sendable {
    let options: SimulatorOptions
    let history: MarketHistory
    let clock: SimClock
    let faults: Locked<FaultState>
    let stats: Locked<SimulatorStats>
    let weight: Locked<RequestWeight>

    init(options: SimulatorOptions, history: MarketHistory, clock: SimClock) {
        self.options = options
        self.history = history
        self.clock = clock
        faults = Locked(FaultState(settings: options.faults, startReal: clock.startReal))
        stats = Locked(SimulatorStats())
        weight = Locked(RequestWeight())
    }

    var specs: [SymbolSpec] { history.specs }

    func nanoseconds(_ seconds: Double) -> UInt64 { UInt64(max(0, seconds) * 1e9) }

    /// The lock-guarded part of a control; the engine does what touches connections.
    func applyPersistent(_ control: FaultControl) {
        let real = SimClock.realNanoseconds()
        faults.withLock { $0.apply(control, realNow: real) }
        if control == .reset { weight.withLock { $0.liftBan() } }
    }

    func isRefusingConnections(real: UInt64 = SimClock.realNanoseconds()) -> Bool {
        faults.withLock { real < $0.refuseUntil }
    }
}
