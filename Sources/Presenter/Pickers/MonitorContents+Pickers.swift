import MarketModel
import TUI

extension MonitorContents {
    /// A key while a picker is open: the picker edits its text; a submitted entry changes the
    /// indicators or the watchlist.
    mutating func handle(_ action: KeyAction, in picker: Picker, nowMs: Int64) -> [MonitorPresenter.Command] {
        switch picker {
        case .indicators(let p):
            switch p.handle(action) {
            case .open(let next):
                self.picker = .indicators(next)
            case .cancelled:
                self.picker = nil
            case .submitted(let text):
                self.picker = nil
                guard !text.isEmpty else { return [] }
                let outcome = IndicatorPicker.toggle(text, in: &specs)
                if outcome.changed { specsChanged = true }
                message.show(outcome.sentence, nowMs: nowMs, forMs: 5_000)
            }
            return []
        case .priceAlert(let p):
            switch p.handle(action) {
            case .open(let next):
                self.picker = .priceAlert(next)
                return []
            case .cancelled:
                self.picker = nil
                return []
            case .submitted(let text):
                self.picker = nil
                switch AlertPrompt.choice(text, symbol: p.symbol, last: p.last, nowMs: nowMs) {
                case .refused(let sentence):
                    message.show(sentence, nowMs: nowMs, forMs: 5_000)
                    return []
                case .alert(let alert):
                    priceAlerts.append(alert)
                    message.show("Alert set: \(alert.symbol.name) \(alert.side.rawValue) \(alert.price).", nowMs: nowMs, forMs: 4_000)
                    return [.addAlert(alert)]
                }
            }
        case .alertList(let list):
            switch list.handle(action, alerts: priceAlerts) {
            case .open(let next):
                self.picker = .alertList(next)
                return []
            case .closed:
                self.picker = nil
                return []
            case .delete(let id):
                priceAlerts.removeAll { $0.id == id }
                self.picker = .alertList(AlertList(selected: min(list.selected, max(0, priceAlerts.count - 1))))
                return [.deleteAlert(id)]
            }
        case .addSymbol(let p):
            switch p.handle(action, tradable: boards.tradable) {
            case .open(let next):
                self.picker = .addSymbol(next)
                return []
            case .cancelled:
                self.picker = nil
                return []
            case .submitted(let text):
                self.picker = nil
                return add(symbol: text, nowMs: nowMs)
            }
        }
    }

    /// A symbol already watched is selected; a new one gets a board, the selection and a watch.
    private mutating func add(symbol text: String, nowMs: Int64) -> [MonitorPresenter.Command] {
        switch SymbolPicker.choice(text, tradable: boards.tradable) {
        case .refused(let sentence):
            message.show(sentence, nowMs: nowMs, forMs: 5_000)
            return []
        case .symbol(let symbol):
            if let existing = boards.index(of: symbol) {
                cursor.selected = existing
                return []
            }
            cursor.selected = boards.add(symbol)
            return [.watch([symbol], interval)]
        }
    }
}
