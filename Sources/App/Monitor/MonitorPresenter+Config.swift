import Indicators
import Presenter

extension MonitorPresenter {
    /// The presenter for a configuration: its symbols, intervals (the first is shown at start),
    /// history length and refresh rate.
    convenience init(config: AppConfig, specs: [IndicatorSpec], isDemo: Bool, endpointLabel: String, helpLines: [String] = []) {
        self.init(symbols: config.symbols, intervals: config.intervals, specs: specs, historyBars: config.historyBars,
                  refreshMilliseconds: config.refreshMilliseconds, isDemo: isDemo, endpointLabel: endpointLabel,
                  helpLines: helpLines)
    }
}
