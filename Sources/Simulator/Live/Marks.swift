import Foundation
import MarketModel

/// A price print a client can recognise on sight, for measuring how long a price takes from
/// the exchange to the client's screen: `{"action":"mark","symbol":"BTCUSDT","hold_ms":600}`.
///
/// On the next tick the symbol's price is shown at a marker price (on its tick size, within
/// 0.3 % of the last price and, when that allows, just outside the forming minute's range, so no
/// recent trade printed it): every stream of the symbol that carries its last price gets it in
/// that tick whatever its pacing (trades and aggregate trades a marker trade, klines their forming bar with the marker
/// as close, tickers their window likewise). Then, for `hold_ms` real milliseconds, those
/// streams send nothing (kline closes that fall due wait and go out, in order, after the hold),
/// so the marker stays the last price a client saw.
///
/// The marker is an off-book print: the market's own trades and closed candles, and so its
/// truth, are untouched. The forming bars it was printed into (and REST klines and tickers)
/// show it as their close, with high and low widened to it, until the first real trade after
/// the hold or the bar's close, whichever comes first.
struct MarkOverlay {
    var id: Int
    var price: Int64
    /// Simulated time of the tick that printed it: the bars containing it carry the marker.
    var time: Int64
    var holdUntilReal: UInt64
    /// Printed this tick, not yet recorded as sent.
    var fresh = true
    /// The hold is over: the next real trade ends the overlay.
    var released = false
    var frames = 0
    /// CLOCK_MONOTONIC just before the first connection that carried it was flushed.
    var sentNanoseconds: UInt64?
}

/// A mark as `GET /sim/stats` reports it.
public struct MarkRecord: Sendable, Equatable {
    public var id: Int
    public var symbol: String
    /// At the symbol's tick decimals ("67123.45").
    public var price: String
    /// CLOCK_MONOTONIC nanoseconds when its frames were handed to the first connection that
    /// carried them: taken just before that connection's flush, so a client can never have them
    /// earlier. When no connection carried it, the end of its tick.
    public var sentNanoseconds: UInt64
    public var holdMilliseconds: Int
    /// Frames that carried the marker (one per stream subscribed).
    public var frames: Int

    var json: String {
        "{\"id\":\(id),\"symbol\":\(JSONText.quoted(symbol)),\"price\":\(JSONText.quoted(price)),"
            + "\"sent_ns\":\(sentNanoseconds),\"hold_ms\":\(holdMilliseconds),\"frames\":\(frames)}"
    }
}

/// A mark asked for and not yet printed.
struct MarkRequest {
    var id: Int
    var symbol: Int
    var price: Int64
    var holdMilliseconds: Int
}

extension CandleAggregate {
    /// The bar as shown with a marker print as its latest price.
    func marked(_ price: Int64) -> CandleAggregate {
        var copy = self
        copy.close = price
        if price > copy.high { copy.high = price }
        if price < copy.low { copy.low = price }
        return copy
    }
}

/// CLOCK_MONOTONIC in nanoseconds (Python's `time.monotonic_ns()` on Linux).
func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

enum Marks {
    /// How many marks `GET /sim/stats` keeps, newest last.
    static let kept = 500
    /// Marker trades take ids from their own range, far above any real trade's, so they never
    /// collide with the market's ids.
    static let tradeIdBase: Int64 = 9_000_000_000_000_000_000

    /// Streams that carry the symbol's last price: held during a mark.
    static func carriesPrice(_ kind: StreamKind) -> Bool {
        switch kind {
        case .kline, .trade, .aggTrade, .ticker, .miniTicker: return true
        default: return false
        }
    }

    static func priceText(_ ticks: Int64, spec: SymbolSpec) -> String {
        JSONText.decimal(ticks, scale: spec.tickDecimals, decimals: spec.tickDecimals)
    }
}

extension LiveEngine {
    /// Queues a mark for the next tick and chooses its price now; nil for an unknown symbol.
    func requestMark(symbol name: String, holdMilliseconds: Int) -> (id: Int, symbol: String, price: String)? {
        guard let index = core.specs.firstIndex(where: { $0.symbol.name == name.uppercased() }) else { return nil }
        let symbol = live(index)
        let last = symbol.lastPrice
        // Outside the forming minute's range, so no recent trade printed it, and within 0.3 %
        // of the last price; the offset never ends in 0 when it can avoid it.
        let span = max(1, Int64(Double(last) * 0.001))
        var offset = span >= 4 ? span / 4 + Int64(markRng.below(Int(span - span / 4) + 1)) : 1 + Int64(markRng.below(Int(span)))
        if span >= 10 && offset % 10 == 0 { offset += 1 }
        let minute = symbol.forming[.m1]
        let limit = max(1, Int64(Double(last) * 0.003))
        let up = max(last, minute?.high ?? last) + offset
        let down = min(last, minute?.low ?? last) - offset
        var candidates = [up, down].filter { $0 >= 1 && abs($0 - last) <= limit }
        if markRng.uniform() < 0.5 { candidates.reverse() }
        // Never a recent marker: a client may still show one after its overlay ended.
        let recent = (recentMarkPrices[index] ?? []) + pendingMarks.filter { $0.symbol == index }.map(\.price)
        let fallback = [last + offset, last - offset, last + offset + 1, last - offset - 1].filter { $0 >= 1 }
        let price = (candidates + fallback).first { !recent.contains($0) && $0 != last } ?? last + offset
        recentMarkPrices[index, default: []].append(price)
        if recentMarkPrices[index]!.count > 8 { recentMarkPrices[index]!.removeFirst() }
        let id = nextMarkId
        nextMarkId += 1
        pendingMarks.append(MarkRequest(id: id, symbol: index, price: price, holdMilliseconds: holdMilliseconds))
        return (id, symbol.spec.symbol.name, Marks.priceText(price, spec: symbol.spec))
    }

    /// Start of a tick: holds that are over release their symbols.
    func releaseMarks(real: UInt64) {
        for symbol in liveSymbols {
            if let mark = symbol.mark, !mark.released, real >= mark.holdUntilReal { symbol.mark!.released = true }
        }
    }

    /// After the market moved this tick: the queued marks take effect.
    func printMarks(now: Int64, real: UInt64) {
        guard !pendingMarks.isEmpty else { return }
        for request in pendingMarks {
            let symbol = live(request.symbol)
            symbol.mark = MarkOverlay(id: request.id, price: request.price, time: now,
                                      holdUntilReal: real + UInt64(request.holdMilliseconds) * 1_000_000)
            markHolds[request.id] = request.holdMilliseconds
        }
        pendingMarks.removeAll()
    }

    /// Just before a connection that carried marker frames is flushed: the marks printed this
    /// tick that have no send time yet take this one.
    func stampMarks() {
        let now = monotonicNanoseconds()
        for symbol in liveSymbols where symbol.mark?.fresh == true && symbol.mark?.sentNanoseconds == nil
            && (symbol.mark?.frames ?? 0) > 0 {
            symbol.mark!.sentNanoseconds = now
        }
    }

    /// End of a tick, after every connection was written and flushed: the marks printed in it
    /// are recorded.
    func recordMarks() {
        var endOfTick: UInt64?
        for symbol in liveSymbols {
            guard let mark = symbol.mark, mark.fresh else { continue }
            let at = mark.sentNanoseconds ?? endOfTick ?? monotonicNanoseconds()
            if mark.sentNanoseconds == nil { endOfTick = at }
            symbol.mark!.fresh = false
            pending.marks.append(MarkRecord(id: mark.id, symbol: symbol.spec.symbol.name,
                                            price: Marks.priceText(mark.price, spec: symbol.spec), sentNanoseconds: at,
                                            holdMilliseconds: markHolds.removeValue(forKey: mark.id) ?? 0,
                                            frames: mark.frames))
        }
    }

    /// The mark in force on a symbol (printed and not yet overtaken by a real trade), if any.
    func activeMark(_ index: Int) -> MarkOverlay? {
        liveSymbols.first { $0.index == index }?.mark
    }

    /// Handles a stream whose symbol is marked: prints the marker, or holds the stream, or sends
    /// what a hold kept back. Returns true when the stream was handled (no normal emit).
    func emitMarked(_ sub: Subscription, writer: FrameWriter, now: Int64, real: UInt64) -> Bool {
        guard Marks.carriesPrice(sub.stream.kind), let index = sub.stream.symbol else { return false }
        let symbol = live(index)
        guard let mark = symbol.mark, !mark.released else {
            // Closes kept back by a hold, in order, before anything newer.
            if !sub.heldFrames.isEmpty {
                for payload in sub.heldFrames { writer.send(sub.stream.name, payload, essential: true) }
                sub.heldFrames.removeAll()
            }
            return false
        }
        sub.firehoseShare = 0
        let name = sub.stream.name
        let frames = Frames(spec: symbol.spec)
        if !mark.fresh {
            // Held: nothing of the symbol's price goes out.
            switch sub.stream.kind {
            case .kline(let interval):
                for candle in symbol.closed[interval] ?? [] {
                    sub.heldFrames.append(frames.kline(candle, interval: interval, closed: true, eventTime: now))
                    pending.klineClosesSent += 1
                    pending.klineFramesSent += 1
                }
            case .trade:
                pending.framesHeldForMark += symbol.played.reduce(0) { $0 + Int($1.fillCount) }
            case .aggTrade:
                pending.framesHeldForMark += symbol.played.count
            default:
                break
            }
            return true
        }
        // Printed this tick: what the market did first, then the marker.
        var printed = 0
        switch sub.stream.kind {
        case .kline(let interval):
            pending.klineFramesSent += sendCloses(of: symbol, interval, frames: frames, to: name, writer: writer, now: now)
            if let shown = symbol.shown(interval) {
                sub.sent(now: now, real: real)
                writer.send(name, frames.kline(shown, interval: interval, closed: false, eventTime: now), essential: true)
                pending.klineFramesSent += 1
                printed = 1
            }
        case .trade, .aggTrade:
            let isTrade = sub.stream.kind == .trade
            for event in symbol.played {
                for k in 0..<(isTrade ? Int(event.fillCount) : 1) {
                    let payload = isTrade
                        ? frames.trade(event, id: event.firstTradeId + Int64(k),
                                       quantity: symbol.playedFills[Int(event.fillStart) + k], eventTime: event.time)
                        : frames.aggTrade(event, eventTime: event.time)
                    if writer.send(name, payload) { pending.tradeFramesSent += 1 }
                }
            }
            let id = Marks.tradeIdBase + Int64(mark.id)
            let marker = TradeEvent(time: now, price: mark.price, quantity: 1, buyerIsMaker: mark.price < symbol.lastPrice,
                                    aggregateId: id, firstTradeId: id, fillCount: 1, fillStart: 0)
            let payload = isTrade ? frames.trade(marker, id: id, quantity: 1, eventTime: now) : frames.aggTrade(marker, eventTime: now)
            writer.send(name, payload, essential: true)
            pending.tradeFramesSent += 1
            printed = 1
        case .ticker:
            sub.sent(now: now, real: real)
            writer.send(name, frames.ticker(symbol.window(), book: symbol.book, eventTime: now), essential: true)
            printed = 1
        case .miniTicker:
            sub.sent(now: now, real: real)
            writer.send(name, frames.miniTicker(symbol.window(), eventTime: now), essential: true)
            printed = 1
        default:
            break
        }
        symbol.mark!.frames += printed
        if printed > 0 { carriedMark = true }
        return true
    }
}
