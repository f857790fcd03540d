import MarketModel
import TUI

/// The `a` prompt: type a symbol, choose among the exchange's symbols that match, enter adds it.
struct SymbolPicker: Sendable, Equatable {
    /// Completions shown at once; the picker box has room for this many.
    static let candidateLimit = 8

    var input = ""
    var selected = 0

    /// Symbols that start with the input first, then those that contain it.
    static func completions(_ input: String, tradable: [String]) -> [String] {
        guard !input.isEmpty else { return Array(tradable.prefix(candidateLimit)) }
        let upper = input.uppercased()
        let prefixed = tradable.filter { $0.hasPrefix(upper) }
        let containing = tradable.filter { !$0.hasPrefix(upper) && $0.contains(upper) }
        return Array((prefixed + containing).prefix(candidateLimit))
    }

    func handle(_ action: KeyAction, tradable: [String]) -> PickerStep<SymbolPicker> {
        let candidates = Self.completions(input, tradable: tradable)
        var next = self
        switch action {
        case .escape:
            return .cancelled
        case .backspace:
            if !next.input.isEmpty { next.input.removeLast() }
            next.selected = 0
        case .char(let c):
            next.input.append(Character(c.uppercased()))
            next.selected = 0
        case .up:
            next.selected = max(0, selected - 1)
        case .down:
            next.selected = min(max(0, candidates.count - 1), selected + 1)
        case .enter:
            return .submitted(candidates.indices.contains(selected) ? candidates[selected] : input)
        default:
            break
        }
        return .open(next)
    }

    func view(tradable: [String]) -> PickerView {
        let list = Self.completions(input, tradable: tradable)
        return PickerView(prompt: "Add symbol: ", input: input, candidates: list,
                          selected: list.isEmpty ? nil : min(selected, list.count - 1),
                          hint: tradable.isEmpty ? "symbol list not loaded yet" : "up/down choose, enter adds, esc cancels")
    }

    enum Choice: Sendable, Equatable {
        case symbol(Symbol)
        /// The sentence saying why the entry cannot be watched.
        case refused(String)
    }

    /// Checks an entry: it must be a symbol, and listed when the exchange's list is known.
    static func choice(_ text: String, tradable: [String]) -> Choice {
        guard let symbol = Symbol(text) else {
            return .refused("\"\(text)\" is not a symbol: use letters and digits, like BTCUSDT.")
        }
        if !tradable.isEmpty, !tradable.contains(symbol.name) {
            return .refused("\(symbol) is not listed on this exchange.")
        }
        return .symbol(symbol)
    }
}
