// The indicator syntax (`sma(20),macd(12,26,9)`): any text gives specs or an error; each spec
// prints a canonical form that parses back to an equal spec, and its indicator runs.
import FuzzSupport
import Indicators

let bars = (0..<40).map { i -> Bar in
    let x = Double(i)
    return Bar(openTime: Int64(i) * 60_000, open: 100 + x, high: 102 + x, low: 99 + x, close: 101 + x.truncatingRemainder(dividingBy: 7),
               volume: 10 + x)
}

runFuzzer { data, size in
    guard let specs = try? IndicatorSpec.parseList(text(data, size)) else { return 0 }
    for spec in specs {
        guard let again = try? IndicatorSpec(parsing: spec.description), again == spec else {
            fail("\(spec) does not parse back to itself")
        }
        var indicator = spec.makeIndicator()
        var out = [Double](repeating: 0, count: indicator.outputCount)
        for bar in bars {
            indicator.writePreview(of: bar, into: &out, at: 0)
            indicator.update(bar)
            indicator.write(into: &out, at: 0)
        }
    }
    return 0
}
