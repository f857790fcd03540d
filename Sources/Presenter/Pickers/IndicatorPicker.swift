import Foundation
import Indicators
import TUI

/// The `i` prompt: type an indicator spec; enter adds it, or removes it when already shown.
struct IndicatorPicker: Sendable, Equatable {
    var input = ""

    func handle(_ action: KeyAction) -> PickerStep<IndicatorPicker> {
        var next = self
        switch action {
        case .escape:
            return .cancelled
        case .backspace:
            if !next.input.isEmpty { next.input.removeLast() }
        case .char(let c):
            next.input.append(c)
        case .enter:
            return .submitted(input.trimmingCharacters(in: .whitespaces))
        default:
            break
        }
        return .open(next)
    }

    func view(specs: [IndicatorSpec]) -> PickerView {
        PickerView(prompt: "Indicator (enter toggles): ", input: input, candidates: specs.map(\.description), selected: nil,
                   hint: "e.g. ema(100), bbands(20,2,2), rsi(7); an existing one is removed")
    }

    /// Adds the indicator `text` names, or removes it when `specs` has it already. Returns the
    /// sentence for the status line and whether `specs` changed (a spec that does not parse
    /// changes nothing and the sentence says why).
    static func toggle(_ text: String, in specs: inout [IndicatorSpec]) -> (sentence: String, changed: Bool) {
        let spec: IndicatorSpec
        do {
            spec = try IndicatorSpec(parsing: text)
        } catch {
            return (error.description, false)
        }
        if let index = specs.firstIndex(of: spec) {
            specs.remove(at: index)
            return ("Removed \(spec).", true)
        }
        specs.append(spec)
        return ("Added \(spec).", true)
    }
}
