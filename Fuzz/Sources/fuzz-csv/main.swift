// The candle CSV reader behind `thebot indicators`: any text gives the output CSV or one
// sentence naming the line, never a crash.
import FuzzSupport
import Indicators

runFuzzer { data, size in
    do {
        let output = try IndicatorBatch.render(csv: text(data, size), indicators: "sma(3),rsi(2),macd(3,5,2),vwap",
                                               inputName: "fuzz.csv")
        if output.isEmpty { fail("an empty output") }
    } catch {
        if "\(error)".isEmpty { fail("an empty error sentence") }
    }
    return 0
}
