import MarketModel
import Signals
import TUI

/// The `A` prompt: a price for an alert on the selected symbol; enter on an empty line takes
/// the last price.
struct AlertPrompt: Sendable, Equatable {
    var symbol: Symbol
    var last: ExactDecimal?
    /// The symbol's price precision: the wire carries eight decimals, the trader reads these.
    var decimals: Int
    var input = ""

    /// The last price as the chart's axis writes it: what enter alone sets.
    var lastText: String? { last.map { Formatting.price($0, decimals: decimals, grouped: false) } }

    func handle(_ action: KeyAction) -> PickerStep<AlertPrompt> {
        var next = self
        switch action {
        case .escape:
            return .cancelled
        case .backspace:
            if !next.input.isEmpty { next.input.removeLast() }
        case .char(let c) where c.isNumber || c == "." || c == ",":
            // A thousands comma is how many people write prices; it is not part of the number.
            if c != "," { next.input.append(c) }
        case .enter:
            return .submitted(input.isEmpty ? (lastText ?? "") : input)
        default:
            break
        }
        return .open(next)
    }

    func view() -> PickerView {
        PickerView(prompt: "Alert \(symbol.name) at: ", input: input,
                   candidates: lastText.map { ["last price \($0)"] } ?? [],
                   hint: "enter sets the alert (empty: the last price), esc cancels")
    }

    enum Choice: Sendable, Equatable {
        case alert(PriceAlert)
        case refused(String)
    }

    /// Checks an entry: a positive number; above or below follows from the last price.
    static func choice(_ text: String, symbol: Symbol, last: ExactDecimal?, nowMs: Int64) -> Choice {
        guard !text.isEmpty else { return .refused("No price yet for \(symbol.name): type one.") }
        guard let price = ExactDecimal(text), price.doubleValue > 0 else {
            return .refused("\"\(text)\" is not a price: type a number like 64250.5.")
        }
        return .alert(PriceAlert(symbol: symbol, price: price, last: last, createdMs: nowMs))
    }
}
