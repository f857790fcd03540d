import ArgumentParser
import Indicators

/// `thebot indicators`: indicator columns for a CSV of candles, matching TA-Lib.
struct IndicatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Compute indicators over a CSV of candles and write them as CSV.")

    @Option(name: .long, help: "Input CSV: open_time or date, open, high, low, close, volume (or Binance's 12-column kline CSV).")
    var input: String

    @Option(name: .long, help: "Indicator list, e.g. \"sma(20),ema(12),macd(12,26,9),bbands(20,2,2),obv\".")
    var indicators: String?

    @Option(name: .long, help: "Output CSV (default: standard output). Not written at all when the input is bad.")
    var output: String?

    func run() throws {
        do {
            try IndicatorBatch.run(inputPath: input, indicators: indicators, outputPath: output)
        } catch {
            throw Failure.exit(error)
        }
    }
}
