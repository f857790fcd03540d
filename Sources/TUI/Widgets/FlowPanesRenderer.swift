/// Where the depth ladder and the trades tape go: in place of the signal pane when the screen
/// has one, else of the indicator table, else of the watchlist; both open share it, the ladder
/// on top. The chart never gives up room to them.
struct FlowPanesRenderer {
    var theme: Theme

    func render(_ state: MonitorState, layout: Layout, into buffer: inout Buffer) {
        guard state.ladder != nil || state.tape != nil else { return }
        let area = layout.signals ?? layout.indicators ?? layout.watchlist
        var ladderArea = area, tapeArea = area
        if state.ladder != nil, state.tape != nil {
            (ladderArea, tapeArea) = area.splitTop(area.height * 3 / 5)
        }
        if let ladder = state.ladder { DepthLadder(ladder: ladder, theme: theme).render(into: &buffer, in: ladderArea) }
        if let tape = state.tape { TradesTape(tape: tape, theme: theme).render(into: &buffer, in: tapeArea) }
    }
}
