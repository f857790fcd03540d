import TUI

extension MonitorContents {
    /// The frame's state. While paused, the picture taken when pause began stays; the clock,
    /// the overlays and the PAUSED mark keep moving so the user can still work the keys.
    mutating func snapshot(_ builder: MonitorStateBuilder, data: SeriesExtract, nowMs: Int64) -> MonitorState {
        if paused, var picture = frozen {
            alerts.dropExpiredToasts(at: nowMs)
            picture.nowMs = nowMs
            picture.toasts = alerts.toasts
            picture.modal = alerts.modal
            picture.showHelp = showHelp
            picture.picker = builder.pickerView(self)
            picture.message = "Paused: data keeps flowing; press p to resume."
            picture.paused = true
            return picture
        }
        alerts.dropExpiredToasts(at: nowMs)
        chartCandleCount = data.candles.count
        let state = builder.build(self, data: data, nowMs: nowMs)
        if paused { frozen = state }
        return state
    }
}
