import Foundation
import Signals
import TUI

/// The `L` list: the alerts waiting to fire, newest last; `d`, delete or backspace removes the
/// highlighted one.
struct AlertList: Sendable, Equatable {
    var selected = 0

    enum Step: Sendable, Equatable {
        case open(AlertList)
        case closed
        case delete(UUID)
    }

    func handle(_ action: KeyAction, alerts: [PriceAlert]) -> Step {
        var next = self
        switch action {
        case .escape, .enter:
            return .closed
        case .up:
            next.selected = max(0, selected - 1)
        case .down:
            next.selected = min(max(0, alerts.count - 1), selected + 1)
        case .backspace, .char("d"):
            guard alerts.indices.contains(selected) else { return .open(next) }
            next.selected = max(0, min(selected, alerts.count - 2))
            return .delete(alerts[selected].id)
        default:
            break
        }
        return .open(next)
    }

    func view(alerts: [PriceAlert]) -> PickerView {
        let lines = alerts.map { "\($0.symbol.name) \($0.side.rawValue) \($0.price.normalized)" }
        return PickerView(prompt: "Price alerts", candidates: lines.isEmpty ? ["no alerts: press A on a symbol to set one"] : lines,
                          selected: lines.isEmpty ? nil : min(selected, lines.count - 1),
                          hint: "up/down choose, d deletes, esc closes")
    }
}
