import Indicators
import MarketState
import Presenter

extension MonitorPresenter {
    /// The presenter for a configuration: its symbols, intervals (the first is shown at start)
    /// and refresh rate, reading its series from `store`.
    convenience init(config: AppConfig, specs: [IndicatorSpec], store: SeriesStore, isDemo: Bool, endpointLabel: String,
                     helpLines: [String] = []) {
        self.init(symbols: config.symbols, intervals: config.intervals, specs: specs, store: store,
                  refreshMilliseconds: config.refreshMilliseconds, isDemo: isDemo, endpointLabel: endpointLabel,
                  helpLines: helpLines, largeTradePercentile: config.largeTradePercentile)
    }
}
