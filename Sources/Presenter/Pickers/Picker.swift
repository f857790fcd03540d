/// The prompt that has the keyboard, if any.
enum Picker: Sendable, Equatable {
    case indicators(IndicatorPicker)
    case addSymbol(SymbolPicker)
    case priceAlert(AlertPrompt)
    case alertList(AlertList)
}

/// Where one key leaves a picker.
enum PickerStep<Prompt: Sendable & Equatable>: Sendable, Equatable {
    /// Still open, possibly with new text or a new selection.
    case open(Prompt)
    case cancelled
    /// Closed with this entry (trimmed text, or the chosen completion).
    case submitted(String)
}
