import Indicators

/// What a rule found on one observation; turned into a `Signal` unless the cooldown holds it.
struct Trigger {
    var direction: SignalDirection
    var strength: Double
    var reason: String
}

/// The detection logic of every rule kind. Reasons are built only when something fires, so
/// an evaluation that finds nothing allocates nothing.
enum RuleDetector {
    static func evaluate(_ r: CompiledRule, state: inout RuleState, _ o: Observation) -> Trigger? {
        let band = r.rule.hysteresis
        switch r.rule.kind {
        case .movingAverageCross(let fast, let slow):
            let f = o.values[r.a], s = o.values[r.b]
            let event = Tracker.cross(&state.mark, diff: f - s, band: abs(s) * band)
            guard event != 0 else { return nil }
            let word = event > 0 ? "above" : "below"
            return Trigger(direction: event > 0 ? .bullish : .bearish,
                           strength: 0.5 + min(0.5, abs((f - s) / s) * 100),
                           reason: "\(label(fast)) crossed \(word) \(label(slow)) (\(v(f)) vs \(v(s))).")

        case .macdSignalCross(let spec):
            let line = o.values[r.a], signal = o.values[r.b]
            let event = Tracker.cross(&state.mark, diff: line - signal, band: band)
            guard event != 0 else { return nil }
            return Trigger(direction: event > 0 ? .bullish : .bearish, strength: 0.5,
                           reason: "\(label(spec)) line crossed \(event > 0 ? "above" : "below") its signal line (\(v(line)) vs \(v(signal))).")

        case .macdZeroCross(let spec):
            let line = o.values[r.a]
            let event = Tracker.cross(&state.mark, diff: line, band: band)
            guard event != 0 else { return nil }
            return Trigger(direction: event > 0 ? .bullish : .bearish, strength: 0.6,
                           reason: "\(label(spec)) line crossed \(event > 0 ? "above" : "below") zero (\(v(line))).")

        case .rsiZones(let spec, let low, let high):
            return zones(&state.mark, value: o.values[r.a], low: low, high: high, band: band, name: label(spec))

        case .bollinger(let spec):
            return bollinger(&state.mark, close: o.bar.close, upper: o.values[r.a], lower: o.values[r.c],
                             band: band, name: label(spec))

        case .stochasticCross(let spec, let low, let high):
            let k = o.values[r.a], d = o.values[r.b]
            let event = Tracker.cross(&state.mark, diff: k - d, band: band)
            if event > 0 && d < low {
                return Trigger(direction: .bullish, strength: 0.5 + min(0.3, (low - d) / low),
                               reason: "\(label(spec)) %K crossed above %D in the oversold zone below \(v(low)) (%K \(v(k)), %D \(v(d))).")
            }
            if event < 0 && d > high {
                return Trigger(direction: .bearish, strength: 0.5 + min(0.3, (d - high) / (100 - high)),
                               reason: "\(label(spec)) %K crossed below %D in the overbought zone above \(v(high)) (%K \(v(k)), %D \(v(d))).")
            }
            return nil

        case .priceLevel(let level):
            let l = level.doubleValue
            let close = o.bar.close
            let event = Tracker.cross(&state.mark, diff: close - l, band: l * band)
            guard event != 0 else { return nil }
            return Trigger(direction: event > 0 ? .bullish : .bearish, strength: 0.7,
                           reason: "Close crossed \(event > 0 ? "above" : "below") \(level) (\(v(close))).")

        case .percentMove(let percent, let bars):
            let before = o.close(barsBefore: bars)
            let now = o.bar.close
            let move = (now - before) / before * 100
            guard let t = zones(&state.mark, value: move, low: -percent, high: percent, band: band, name: "", quiet: true) else {
                return nil
            }
            let word = move >= 0 ? "rose" : "fell"
            return Trigger(direction: t.direction == .bearish ? .bullish : .bearish,
                           strength: min(1, 0.5 * abs(move) / percent),
                           reason: "Close \(word) \(Decimals.format(abs(move), maxDecimals: 2))% over \(bars) bars (\(v(before)) to \(v(now))).")

        case .volumeSpike(let factor, let bars):
            let mean = o.meanVolume(barsBefore: bars)
            let volume = o.bar.volume
            let ratio = mean > 0 ? volume / mean : .nan
            // One-sided: only the high zone matters, so the low threshold sits out of reach.
            guard zones(&state.mark, value: ratio, low: -1, high: factor, band: band, name: "", quiet: true) != nil,
                  state.mark == Tracker.highZone else { return nil }
            let direction: SignalDirection = o.bar.close > o.bar.open ? .bullish : o.bar.close < o.bar.open ? .bearish : .neutral
            return Trigger(direction: direction, strength: min(1, 0.5 * ratio / factor),
                           reason: "Volume \(v(volume)) is \(Decimals.format(ratio, maxDecimals: 1))x its \(bars)-bar average (\(v(mean))).")

        case .expression(let text, let direction, let strength):
            guard let e = r.expression else { return nil }
            let now = e.holds(in: o)
            defer { state.wasTrue = now }
            guard now, !state.wasTrue else { return nil }
            var values = ""
            for (i, operand) in r.operands.enumerated() {
                if i > 0 { values += ", " }
                values += "\(operand.text)=\(v(operand.operand.value(in: o, previous: false)))"
            }
            return Trigger(direction: direction, strength: strength,
                           reason: "\(text) became true (\(values)).")
        }
    }

    /// Entering and leaving a low and a high zone, with a band to cross back before leaving.
    /// `quiet` skips the reason text (the caller writes its own). `name` is an autoclosure so
    /// that the label string is only built when something fires.
    private static func zones(_ zone: inout Int8, value x: Double, low: Double, high: Double, band: Double,
                              name: @autoclosure () -> String, quiet: Bool = false) -> Trigger? {
        guard !x.isNaN else { return nil }
        switch zone {
        case Tracker.unknown:
            zone = x < low ? Tracker.lowZone : x > high ? Tracker.highZone : Tracker.neutral
            return nil
        case Tracker.neutral:
            if x < low {
                zone = Tracker.lowZone
                return Trigger(direction: .bullish, strength: 0.4 + min(0.3, (low - x) / max(abs(low), 1)),
                               reason: quiet ? "" : "\(name()) fell below \(v(low)) (\(v(x))).")
            }
            if x > high {
                zone = Tracker.highZone
                return Trigger(direction: .bearish, strength: 0.4 + min(0.3, (x - high) / max(abs(100 - high), 1)),
                               reason: quiet ? "" : "\(name()) rose above \(v(high)) (\(v(x))).")
            }
            return nil
        case Tracker.lowZone:
            guard x > low + band else { return nil }
            zone = Tracker.neutral
            return quiet ? nil : Trigger(direction: .bullish, strength: 0.6,
                                         reason: "\(name()) rose back above \(v(low + band)), leaving oversold (\(v(x))).")
        default:
            guard x < high - band else { return nil }
            zone = Tracker.neutral
            return quiet ? nil : Trigger(direction: .bearish, strength: 0.6,
                                         reason: "\(name()) fell back below \(v(high - band)), leaving overbought (\(v(x))).")
        }
    }

    private static let inside: Int8 = Tracker.neutral
    private static let outsideAbove: Int8 = Tracker.highZone
    private static let outsideBelow: Int8 = Tracker.lowZone

    /// Breakouts through either band and re-entries, which must come back inside by
    /// `band` × the band width.
    private static func bollinger(_ zone: inout Int8, close: Double, upper: Double, lower: Double,
                                  band: Double, name: @autoclosure () -> String) -> Trigger? {
        guard !upper.isNaN, !lower.isNaN else { return nil }
        let margin = (upper - lower) * band
        if zone == Tracker.unknown {
            zone = close > upper ? outsideAbove : close < lower ? outsideBelow : inside
            return nil
        }
        if zone != outsideAbove && close > upper {
            zone = outsideAbove
            return Trigger(direction: .bullish, strength: 0.6,
                           reason: "Close \(v(close)) broke above the upper \(name()) band (\(v(upper))).")
        }
        if zone != outsideBelow && close < lower {
            zone = outsideBelow
            return Trigger(direction: .bearish, strength: 0.6,
                           reason: "Close \(v(close)) broke below the lower \(name()) band (\(v(lower))).")
        }
        if zone == outsideAbove && close < upper - margin {
            zone = inside
            return Trigger(direction: .bearish, strength: 0.5,
                           reason: "Close \(v(close)) re-entered \(name()) from above (upper \(v(upper))).")
        }
        if zone == outsideBelow && close > lower + margin {
            zone = inside
            return Trigger(direction: .bullish, strength: 0.5,
                           reason: "Close \(v(close)) re-entered \(name()) from below (lower \(v(lower))).")
        }
        return nil
    }

    private static func label(_ spec: IndicatorSpec) -> String { spec.description.uppercased() }
    private static func v(_ x: Double) -> String { Decimals.value(x) }
}
