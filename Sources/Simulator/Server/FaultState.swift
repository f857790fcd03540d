/// The faults in force and the one-shot ones still pending. Lives behind a lock: the event
/// loop reads it every tick, `apply(_:)` and the control endpoint change it.
struct FaultState: Sendable {
    var settings: FaultSettings
    /// Real (uptime) nanoseconds until which WebSocket upgrades get 503.
    var refuseUntil: UInt64 = 0
    var retryAfter429 = 1
    var retryAfter418 = 1
    /// Reset by the engine when the period changes, so a new period counts from now.
    var dropPeriodChanged = true
    var stallPeriodChanged = true
    /// Cleared REST bans are picked up by the weight window.
    var liftBan = false
    /// SUBSCRIBE requests still to answer with `subscribeRejection`.
    var subscribeRejections = 0
    var subscribeRejection = (code: 0, message: "")

    init(settings: FaultSettings, startReal: UInt64) {
        self.settings = settings
        retryAfter429 = settings.restRetryAfterSeconds
        retryAfter418 = settings.restRetryAfterSeconds
        if settings.refuseConnectionsSeconds > 0 {
            refuseUntil = startReal + UInt64(settings.refuseConnectionsSeconds * 1e9)
        }
    }

    /// Applies the persistent part of a control; connection actions are the engine's.
    mutating func apply(_ control: FaultControl, realNow: UInt64) {
        switch control {
        case .dropAllNow, .stall, .serverShutdown, .mark:
            break
        case .dropEvery(let seconds):
            settings.dropEverySimulatedSeconds = max(0, seconds)
            dropPeriodChanged = true
        case .dropProbability(let p):
            settings.dropProbabilityPerSecond = min(1, max(0, p))
        case .stallEvery(let every, let seconds):
            settings.stallEverySimulatedSeconds = max(0, every)
            settings.stallSeconds = max(0, seconds)
            stallPeriodChanged = true
        case .malformedRate(let rate):
            settings.malformedRate = min(1, max(0, rate))
        case .refuseConnections(let seconds):
            refuseUntil = realNow + UInt64(max(0, seconds) * 1e9)
        case .rest429(let count, let retryAfter):
            settings.rest429Count = max(0, count)
            retryAfter429 = max(0, retryAfter)
        case .rest418(let count, let retryAfter):
            settings.rest418Count = max(0, count)
            retryAfter418 = max(0, retryAfter)
        case .rest5xx(let count, let status):
            settings.rest5xxCount = max(0, count)
            settings.rest5xxStatus = status
        case .restDelay(let ms):
            settings.restDelayMilliseconds = max(0, ms)
        case .rejectSubscribe(let count, let code, let message):
            subscribeRejections = max(0, count)
            subscribeRejection = (code, message)
        case .reset:
            settings = FaultSettings()
            refuseUntil = 0
            subscribeRejections = 0
            dropPeriodChanged = true
            stallPeriodChanged = true
            liftBan = true
        }
    }

    /// The error to answer a SUBSCRIBE with, if one is due.
    mutating func nextSubscribeRejection() -> (code: Int, message: String)? {
        guard subscribeRejections > 0 else { return nil }
        subscribeRejections -= 1
        return subscribeRejection
    }

    /// An injected REST failure to answer with instead of the real response, if one is due.
    mutating func nextInjectedRESTFailure() -> InjectedFailure? {
        if settings.rest418Count > 0 {
            settings.rest418Count -= 1
            return .status(418, retryAfter: retryAfter418)
        }
        if settings.rest429Count > 0 {
            settings.rest429Count -= 1
            return .status(429, retryAfter: retryAfter429)
        }
        if settings.rest5xxCount > 0 {
            settings.rest5xxCount -= 1
            return .status(settings.rest5xxStatus, retryAfter: nil)
        }
        return nil
    }

    enum InjectedFailure: Equatable {
        case status(Int, retryAfter: Int?)
    }
}
