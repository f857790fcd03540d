/// True range of a bar against the previous close, in TA-Lib's comparison order.
@inlinable
func trueRange(high: Double, low: Double, previousClose: Double) -> Double {
    var greatest = high - low
    let fromHigh = abs(previousClose - high)
    if fromHigh > greatest { greatest = fromHigh }
    let fromLow = abs(previousClose - low)
    if fromLow > greatest { greatest = fromLow }
    return greatest
}
