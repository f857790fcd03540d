import MarketModel
import NIOCore
import NIOPosix
import NIOWebSocket

/// Owns the pool of WebSocket connections, their subscriptions, keep-alive, reconnection and
/// gap-free candles, for any venue. Market events are decoded on the event-loop thread and
/// reach the consumer one socket read at a time: through the `FeedSink` given at init, or, when
/// there is none, one by one through `updates`. Closed bars arrive exactly once per open time
/// and in order, whatever the network did in between.
public actor StreamManager {
    public nonisolated let updates: AsyncStream<StreamUpdate>
    public nonisolated let venue: any Venue
    private let options: StreamManagerOptions
    let history: (any KlineHistory)?
    private let group: any EventLoopGroup
    private let attemptGuard: ConnectionAttemptGuard
    let feed: FeedState

    private var slots: [Int: ConnectionSlot] = [:]
    private var nextSlotID = 1
    private var nextRequestID: Int64 = 1
    private var pendingRequests: [Int64: String] = [:]
    /// The streams of each SUBSCRIBE still waiting for its answer.
    private var pendingSubscribes: [Int64: [String]] = [:]
    var books: [Symbol: BookState] = [:]
    var bookSnapshotLimit = 1000
    private var running = false
    private var watchdog: Task<Void, Never>?
    private var lastError: String?
    private var decodeErrors = 0
    private var lastPublishedHealth: FeedHealth?
    /// Supplied by the owner so health can show REST weight and breaker state.
    private var restStatusProvider: (@Sendable () async -> (weight: Int, breaker: String))?

    typealias SeriesKey = FeedState.SeriesKey

    public init(options: StreamManagerOptions, venue: any Venue, history: (any KlineHistory)?,
                sink: (any FeedSink)? = nil,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                attemptGuard: ConnectionAttemptGuard = .shared) {
        self.options = options.capped(by: venue.limits)
        self.venue = venue
        self.history = history
        self.group = group
        self.attemptGuard = attemptGuard
        let (stream, continuation) = AsyncStream.makeStream(of: StreamUpdate.self, bufferingPolicy: .unbounded)
        updates = stream
        feed = FeedState(sink: sink, continuation: continuation)
    }

    public func setRestStatusProvider(_ provider: @escaping @Sendable () async -> (weight: Int, breaker: String)) {
        restStatusProvider = provider
    }

    // MARK: - Lifecycle

    public func start() {
        guard !running else { return }
        running = true
        feed.onGap { [weak self] key in
            Task { await self?.backfill(key) }
        }
        // Often enough to notice a silent connection well within `staleAfter`, rarely enough
        // that an idle feed costs next to nothing (once a second with the default 30 s).
        let tick = min(1.0, max(0.1, options.staleAfter / 8))
        watchdog = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(tick * 1e9))
                await self?.checkConnections()
            }
        }
        for id in slots.keys { launch(slotID: id) }
    }

    public func stop() async {
        running = false
        watchdog?.cancel()
        // A close frame (1000, normal closure) on every open connection at once, then the
        // sockets: the exchange sees a goodbye, not a reset. A socket that does not take the
        // frame within a second is closed all the same, so stopping stays quick.
        let open = slots.values.flatMap { slot in slot.connections.values.compactMap { $0.isOpen ? $0.channel : nil } }
        await withTaskGroup(of: Void.self) { group in
            for channel in open {
                group.addTask { await Self.sendClose(on: channel, timeout: .seconds(1)) }
            }
        }
        for slot in slots.values {
            for connection in slot.connections.values {
                connection.task?.cancel()
                try? await connection.channel?.close()
            }
        }
        feed.finish()
    }

    /// Writes a masked close frame and waits until it is on the wire, or `timeout`.
    static func sendClose(on channel: any Channel, timeout: TimeAmount) async {
        var data = channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: .normalClosure)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data)
        let done = channel.eventLoop.makePromise(of: Void.self)
        // Whichever comes first completes the promise; the second completion is ignored.
        channel.writeAndFlush(frame).whenComplete { _ in done.succeed(()) }
        channel.eventLoop.scheduleTask(in: timeout) { done.succeed(()) }
        try? await done.futureResult.get()
    }

    // MARK: - Subscriptions

    /// Starts keeping the candles of (symbol, interval): history over REST, then live and gap-free.
    public func watchCandles(symbol: Symbol, interval: Interval) {
        let key = SeriesKey(symbol: symbol, interval: interval)
        guard feed.watch(key) else { return }
        subscribe([.candles(symbol, interval)])
        Task { await self.backfill(key) }
    }

    public func unwatchCandles(symbol: Symbol, interval: Interval) {
        feed.unwatch(SeriesKey(symbol: symbol, interval: interval))
        unsubscribe([.candles(symbol, interval)])
    }

    /// Adds subscriptions, sharded over connections; an open connection is asked in place.
    public func subscribe(_ subscriptions: [Subscription]) {
        add(streams: subscriptions.map(venue.streamName(for:)))
    }

    public func unsubscribe(_ subscriptions: [Subscription]) {
        remove(streams: subscriptions.map(venue.streamName(for:)))
    }

    /// Adds raw stream names (`btcusdt@aggTrade`), sharded over connections.
    public func add(streams names: [String]) {
        var fresh: [Int: [String]] = [:]
        for name in names where !slots.values.contains(where: { $0.streams.contains(name) }) {
            // The oldest slot with room: streams gather on the connections already open.
            let id = slots.filter { $0.value.streams.count < options.streamsPerConnection }
                .min { $0.key < $1.key }?.key ?? newSlot()
            slots[id]!.streams.append(name)
            fresh[id, default: []].append(name)
        }
        for (id, added) in fresh {
            if let connection = slots[id]?.activeConnection, connection.isOpen {
                sendControl(slot: id, method: "SUBSCRIBE", streams: added)
            } else if running, slots[id]?.connections.isEmpty ?? true {
                launch(slotID: id)
            }
        }
    }

    public func remove(streams names: [String]) {
        for (id, slot) in slots {
            let removing = names.filter { slot.streams.contains($0) }
            guard !removing.isEmpty else { continue }
            slots[id]!.streams.removeAll { removing.contains($0) }
            if slot.activeConnection?.isOpen == true, running {
                // The connection stays, even when it carries nothing now: the next
                // subscription goes on it in place instead of dialling anew.
                sendControl(slot: id, method: "UNSUBSCRIBE", streams: removing)
            } else if slots[id]!.streams.isEmpty {
                for connection in slot.connections.values {
                    connection.task?.cancel()
                    let channel = connection.channel
                    Task { try? await channel?.close() }
                }
                slots[id] = nil
            }
        }
        publishHealth()
    }

    /// What the manager keeps subscribed, in venue-neutral terms.
    public var subscriptions: Set<Subscription> {
        Set(slots.values.flatMap(\.streams).compactMap(venue.subscription(named:)))
    }

    /// The streams the manager keeps subscribed, across all connections.
    public var subscribedStreams: Set<String> {
        Set(slots.values.flatMap(\.streams))
    }

    /// What the exchange says each connection is subscribed to (LIST_SUBSCRIPTIONS), merged.
    /// A connection that does not answer within `timeout` contributes nothing.
    public func serverSubscriptions(timeout: Double = 5) async -> Set<String> {
        var result = Set<String>()
        for id in slots.keys.sorted() {
            guard let pacer = slots[id]?.activeConnection?.pacer else { continue }
            let requestID = nextRequestID
            nextRequestID += 1
            let streams: [String] = await withCheckedContinuation { continuation in
                pendingLists[requestID] = continuation
                queueControl([venue.controlMessage(.listSubscriptions(id: requestID))], slot: id, pacer: pacer)
                Task {
                    try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                    self.expireList(requestID)
                }
            }
            result.formUnion(streams)
        }
        return result
    }

    private func expireList(_ id: Int64) {
        pendingLists.removeValue(forKey: id)?.resume(returning: [])
    }

    private var pendingLists: [Int64: CheckedContinuation<[String], Never>] = [:]

    /// Drops and re-dials every connection (the `r` key).
    public func reconnectAll() {
        for (id, slot) in slots {
            if let connection = slot.activeConnection {
                slots[id]!.closingReason = .requested
                let channel = connection.channel
                Task { try? await channel?.close() }
            }
        }
    }

    // MARK: - Connections

    private func newSlot() -> Int {
        let id = nextSlotID
        nextSlotID += 1
        slots[id] = ConnectionSlot(id: id, backoff: Backoff(base: options.backoffBase, cap: options.backoffCap,
                                                            stableAfter: options.stableAfter))
        return id
    }

    private func launch(slotID: Int) {
        guard running, var slot = slots[slotID] else { return }
        let generation = slot.nextGeneration
        slot.nextGeneration += 1
        var connection = ConnectionSlot.Connection(generation: generation)
        connection.task = Task { await self.runConnection(slotID: slotID, generation: generation) }
        slot.connections[generation] = connection
        if slot.activeGeneration == nil { slot.activeGeneration = generation }
        slots[slotID] = slot
    }

    /// One connection's life: dial (respecting backoff and the process-wide attempt budget),
    /// read frames until the socket ends, then dial again unless it was retired.
    private func runConnection(slotID: Int, generation: Int) async {
        var firstAttempt = true
        while running, !Task.isCancelled, let slot = slots[slotID], slot.connections[generation] != nil {
            let isRotation = slot.activeGeneration != generation
            if !firstAttempt || slot.backoff.failures > 0 {
                // `closed` already drew the delay when it told the user what happens next.
                let delay = slots[slotID]!.connections[generation]?.plannedDelay ?? slots[slotID]!.backoff.nextDelay(jitter: options.jitter)
                slots[slotID]?.connections[generation]?.plannedDelay = nil
                setState(slotID, generation, .reconnecting)
                if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
            } else {
                setState(slotID, generation, .connecting)
            }
            firstAttempt = false
            while true {
                let wait = attemptGuard.reserve(now: monotonicSeconds())
                if wait == 0 { break }
                try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
            }
            guard running, !Task.isCancelled, let streams = slots[slotID]?.streams else { break }
            if streams.isEmpty {
                // Nothing left to carry: the slot goes, and the next subscription makes a new one.
                slots[slotID] = nil
                publishHealth()
                return
            }
            let path = venue.connectionPath(basePath: options.endpoint.basePath, streams: streams)
            let tap = ConnectionTap(slotFrames: slots[slotID]!.frames)
            slots[slotID]?.connections[generation]?.tap = tap
            let feed = self.feed
            let venue = self.venue
            do {
                let channel = try await WebSocketDialer.connect(
                    to: options.endpoint, path: path, group: group,
                    connectTimeout: .milliseconds(Int64(options.connectTimeout * 1000)), trust: options.trust,
                    marketHandler: { FrameBatcher(decoder: venue.makeFrameDecoder(), tap: tap, feed: feed) })
                try await channel.executeThenClose { inbound, outbound in
                    let pacer = OutboundPacer(writer: outbound, perSecond: options.controlMessagesPerSecond)
                    self.opened(slotID: slotID, generation: generation, channel: channel.channel,
                                      pacer: pacer, streams: streams, isRotation: isRotation)
                    // Only what the batcher passes up arrives here: answers, refusals, notices,
                    // malformed frames, depth diffs and control frames.
                    let decoder = venue.makeFrameDecoder()
                    for try await frame in inbound {
                        switch frame.opcode {
                        case .text, .binary:
                            let message = frame.data.withUnsafeReadableBytes { decoder.decode($0) }
                            self.received(message, slotID: slotID, generation: generation)
                        case .ping:
                            await pacer.pong(frame.unmaskedData)
                        case .connectionClose:
                            return
                        default:
                            break
                        }
                    }
                }
                closed(slotID: slotID, generation: generation, error: nil)
            } catch {
                // A request the exchange refuses (HTTP 400) fails the same way every time: find the
                // refused streams and dial again at once without them instead of retrying as is.
                if let status = Self.streamRefusalStatus(error),
                   await isolateRefused(slotID: slotID, streams: streams, status: status) {
                    slots[slotID]?.connections[generation]?.plannedDelay = 0
                    continue
                }
                closed(slotID: slotID, generation: generation, error: error)
            }
        }
        if slots[slotID]?.connections[generation]?.task != nil, slots[slotID]?.activeGeneration != generation {
            slots[slotID]?.connections[generation] = nil
        }
    }

    /// The HTTP status of an upgrade refusal that names a bad request (400), not a busy or
    /// unreachable server (5xx, 429, 418, refused sockets): only those are worth bisecting.
    static func streamRefusalStatus(_ error: any Error) -> Int? {
        guard case .upgradeRefused(_, let status?, _)? = error as? WebSocketDialer.DialError,
              status == 400 else { return nil }
        return status
    }

    private enum ProbeAnswer { case accepted, refused, failed }

    /// Dials `streams` once (counted by the attempt guard like every dial) and hangs up at once.
    private func probe(_ streams: [String]) async -> ProbeAnswer {
        while true {
            let wait = attemptGuard.reserve(now: monotonicSeconds())
            if wait == 0 { break }
            try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
            if !running || Task.isCancelled { return .failed }
        }
        do {
            let channel = try await WebSocketDialer.connect(
                to: options.endpoint, path: options.endpoint.combinedPath(streams: streams), group: group,
                connectTimeout: .milliseconds(Int64(options.connectTimeout * 1000)), trust: options.trust)
            try? await channel.executeThenClose { _, _ in }
            return .accepted
        } catch {
            return Self.streamRefusalStatus(error) != nil ? .refused : .failed
        }
    }

    /// The exchange refused a connection carrying `streams`: splits the set in halves and dials
    /// each until the single refused streams are known, then drops them from the slot. Returns
    /// false (nothing dropped) when a probe fails for another reason or no single stream is refused.
    private func isolateRefused(slotID: Int, streams: [String], status: Int) async -> Bool {
        guard running, slots[slotID] != nil else { return false }
        let note = "The exchange refused connection \(slotID) to \(ConnectionErrorSentence.target(options.endpoint)) "
            + "(HTTP \(status)); looking for the stream it refuses."
        slots[slotID]?.lastError = note
        lastError = note
        publishHealth()
        var refused: [String] = []
        var known: [[String]] = [streams]
        while let set = known.popLast() {
            if set.count == 1 {
                refused.append(set[0])
                continue
            }
            let middle = set.count / 2
            for half in [Array(set[..<middle]), Array(set[middle...])] {
                guard running, slots[slotID] != nil else { return false }
                switch await probe(half) {
                case .refused: known.append(half)
                case .accepted: break
                case .failed: return false
                }
            }
        }
        guard !refused.isEmpty else { return false }
        dropRefused(refused, slotID: slotID)
        return true
    }

    /// Leaves out streams the exchange refuses, with one sentence saying so; their candle series go too.
    private func dropRefused(_ refused: [String], slotID: Int) {
        let sentence = refused.count == 1
            ? "The exchange refused the stream \(refused[0]); it is left out."
            : "The exchange refused the streams \(refused.joined(separator: ", ")); they are left out."
        for key in seriesKeys(on: refused) { feed.unwatch(key) }
        lastError = sentence
        if var slot = slots[slotID] {
            slot.streams.removeAll { refused.contains($0) }
            slot.lastError = sentence
            if slot.streams.isEmpty {
                for connection in slot.connections.values {
                    connection.task?.cancel()
                    let channel = connection.channel
                    Task { try? await channel?.close() }
                }
                slots[slotID] = nil
            } else {
                slots[slotID] = slot
            }
        }
        publishHealth()
    }

    private func opened(slotID: Int, generation: Int, channel: any Channel, pacer: OutboundPacer,
                        streams: [String], isRotation: Bool) {
        guard var slot = slots[slotID], var connection = slot.connections[generation] else {
            channel.close(promise: nil)
            return
        }
        let now = monotonicSeconds()
        connection.channel = channel
        connection.pacer = pacer
        connection.isOpen = true
        connection.openedAt = now
        connection.lastFrameAt = now
        connection.subscribed = Set(streams)
        slot.connections[generation] = connection
        if isRotation, let old = slot.activeGeneration, old != generation {
            slot.rotations += 1
            // Make-before-break: the new connection carries every stream already, so the old one
            // can go. Candle merging by open time absorbs any overlap.
            if let previous = slot.connections[old] {
                previous.tap?.isActive.store(false, ordering: .relaxed)
                previous.task?.cancel()
                previous.channel?.close(promise: nil)
                slot.connections[old] = nil
            }
        }
        slot.activeGeneration = generation
        slot.state = .live
        slot.closingReason = nil
        slots[slotID] = slot
        connection.tap?.isActive.store(true, ordering: .relaxed)
        // Streams added while this connection was dialling were not in its URL.
        let missing = slot.streams.filter { !connection.subscribed.contains($0) }
        if !missing.isEmpty { sendControl(slot: slotID, method: "SUBSCRIBE", streams: missing) }
        publishHealth()
        resetBooks(on: streams)
        // Whatever closed while we were away comes back over REST.
        for key in seriesKeys(on: streams) {
            Task { await self.backfill(key) }
        }
    }

    private func closed(slotID: Int, generation: Int, error: (any Error)?) {
        guard var slot = slots[slotID], var connection = slot.connections[generation] else { return }
        if slot.connections.count > 1, slot.activeGeneration == generation {
            // A replacement is already dialling (serverShutdown, age limit): this connection
            // just retires early. Its successor carries the streams, so it is no reconnect.
            slot.connections[generation] = nil
            slot.state = .reconnecting
            slots[slotID] = slot
            publishHealth()
            return
        }
        let wasOpen = connection.isOpen
        if let openedAt = connection.openedAt, monotonicSeconds() - openedAt >= options.stableAfter {
            slot.backoff.reset()
        }
        // Only this open counts as stable: a failed dial later must not reset the backoff again,
        // or every refusal after a stable minute retries at once and burns the attempt budget.
        connection.openedAt = nil
        connection.isOpen = false
        connection.channel = nil
        connection.pacer = nil
        slot.connections[generation] = connection
        if slot.activeGeneration == generation {
            if wasOpen { slot.reconnects += 1 }
            slot.state = .reconnecting
            // Say what failed and what happens next: the delay drawn here is the one the
            // connection's loop waits before dialling again.
            let problem = slot.closingReason ?? error.map(ConnectionProblem.classify) ?? .closedByServer
            slot.closingReason = nil
            let delay = running ? slot.backoff.nextDelay(jitter: options.jitter) : nil
            connection.plannedDelay = delay
            slot.connections[generation] = connection
            let sentence = ConnectionErrorSentence.make(problem, connection: slotID, endpoint: options.endpoint,
                                                        wasOpen: wasOpen, delay: delay)
            slot.lastError = sentence
            lastError = sentence
        }
        slots[slotID] = slot
        publishHealth()
    }

    private func setState(_ slotID: Int, _ generation: Int, _ state: ConnectionState) {
        guard slots[slotID]?.activeGeneration == generation else { return }
        slots[slotID]?.state = state
        publishHealth()
    }

    /// The watchdog: replaces silent connections, rotates old ones, refreshes health once a second.
    private func checkConnections() async {
        let now = monotonicSeconds()
        for (id, slot) in slots {
            guard let generation = slot.activeGeneration, let connection = slot.connections[generation],
                  connection.isOpen else { continue }
            if now - connection.lastActivity > options.staleAfter {
                let problem = ConnectionProblem.silent(seconds: Int(options.staleAfter))
                let sentence = ConnectionErrorSentence.make(problem, connection: id, endpoint: options.endpoint,
                                                            wasOpen: true, delay: nil)
                slots[id]?.state = .stale
                slots[id]?.closingReason = problem
                slots[id]?.lastError = String(sentence.dropLast()) + "; replacing it."
                lastError = slots[id]?.lastError
                connection.channel?.close(promise: nil)
            } else if let openedAt = connection.openedAt, now - openedAt > options.rotateAfter,
                      slot.connections.count == 1 {
                rotate(slotID: id)
            }
        }
        if let provider = restStatusProvider {
            let status = await provider()
            restWeight = status.weight
            restBreaker = status.breaker
        }
        publishHealth(periodic: true)
    }

    private var restWeight = 0
    private var restBreaker = "closed"

    /// Opens a replacement connection carrying the same streams; `opened` retires the old one.
    private func rotate(slotID: Int) {
        guard running, var slot = slots[slotID] else { return }
        let generation = slot.nextGeneration
        slot.nextGeneration += 1
        var connection = ConnectionSlot.Connection(generation: generation)
        connection.task = Task { await self.runConnection(slotID: slotID, generation: generation) }
        slot.connections[generation] = connection
        slots[slotID] = slot
    }

    private func sendControl(slot slotID: Int, method: String, streams: [String]) {
        guard let pacer = slots[slotID]?.activeConnection?.pacer else { return }
        // Large sets go in several requests so no single message is huge.
        var messages: [String] = []
        var index = 0
        while index < streams.count {
            let perMessage = venue.limits.streamsPerControlMessage
            let chunk = Array(streams[index..<min(index + perMessage, streams.count)])
            index += perMessage
            let id = nextRequestID
            nextRequestID += 1
            pendingRequests[id] = "\(method) \(chunk.joined(separator: ","))"
            if method == "SUBSCRIBE" { pendingSubscribes[id] = chunk }
            messages.append(venue.controlMessage(method == "SUBSCRIBE" ? .subscribe(chunk, id: id) : .unsubscribe(chunk, id: id)))
        }
        queueControl(messages, slot: slotID, pacer: pacer)
    }

    /// Hands messages to the connection's pacer in the order they were made: each hand-off
    /// waits for the one before, so "subscribe the new, then unsubscribe the old" never swaps.
    private func queueControl(_ messages: [String], slot slotID: Int, pacer: OutboundPacer) {
        let previous = slots[slotID]?.controlQueue
        slots[slotID]?.controlQueue = Task {
            await previous?.value
            for json in messages { await pacer.send(json: json) }
        }
    }

    // MARK: - Messages

    private func received(_ message: VenueMessage, slotID: Int, generation: Int) {
        guard let slot = slots[slotID], slot.connections[generation] != nil else { return }
        if slot.state == .stale { slots[slotID]?.state = .live }
        guard slot.activeGeneration == generation else { return }
        handle(message, slotID: slotID)
    }

    private func handle(_ message: VenueMessage, slotID: Int) {
        switch message {
        case .event(let event):
            if case .depthUpdate(let update) = event { applyDepth(update) }
            feed.publish(.event(event))
        case .acknowledged(let id):
            if let id {
                pendingRequests[id] = nil
                pendingSubscribes[id] = nil
            }
        case .subscriptions(let id, let streams):
            if let id {
                pendingRequests[id] = nil
                pendingLists.removeValue(forKey: id)?.resume(returning: streams)
            }
        case .refused(let code, let text, let id, let invalidRequest):
            // An invalid SUBSCRIBE: ask again in halves until the refused single streams are
            // known, then leave those out instead of repeating the request.
            let chunk = id.flatMap { pendingSubscribes.removeValue(forKey: $0) }
            if let id, let chunk, invalidRequest {
                pendingRequests[id] = nil
                if chunk.count == 1 {
                    dropRefused(chunk, slotID: slotID)
                } else {
                    let middle = chunk.count / 2
                    sendControl(slot: slotID, method: "SUBSCRIBE", streams: Array(chunk[..<middle]))
                    sendControl(slot: slotID, method: "SUBSCRIBE", streams: Array(chunk[middle...]))
                }
                return
            }
            let request = id.flatMap { pendingRequests.removeValue(forKey: $0) }
            let sentence = venue.rejectionSentence(code: code, message: text, request: request)
            slots[slotID]?.lastError = sentence
            lastError = sentence
            publishHealth()
        case .serverShutdown:
            let sentence = "The server is retiring connection \(slotID) to \(ConnectionErrorSentence.target(options.endpoint)); "
                + "moving its streams to a new connection."
            slots[slotID]?.lastError = sentence
            lastError = sentence
            rotate(slotID: slotID)
        case .malformed(let why):
            decodeErrors += 1
            lastError = "A malformed frame was skipped (\(why))."
        case .unknown:
            feed.countUnknown()
        }
    }

    // MARK: - Gap-free candles

    private func seriesKeys(on streams: [String]) -> [SeriesKey] {
        streams.compactMap { name in
            guard case .candles(let symbol, let interval)? = venue.subscription(named: name) else { return nil }
            return SeriesKey(symbol: symbol, interval: interval)
        }
    }

    /// Brings a series up to the exchange's present over REST, then applies the live closes that
    /// arrived meanwhile. Runs once per series at a time; a request during a run repeats it.
    func backfill(_ key: SeriesKey) async {
        guard let history, feed.beginBackfill(key) == .started else { return }
        publishHealth()
        var attempt = Backoff(base: options.backoffBase, cap: options.backoffCap)
        repeat {
            guard feed.startRound(key) else { break }
            var done = false
            while !done, running || slots.isEmpty == false {
                do {
                    let serverNow = try await history.serverTime()
                    guard let next = feed.nextExpectedOpenTime(key) else { return }
                    let start = next ?? initialStart(interval: key.interval, serverNow: serverNow)
                    if start > serverNow {
                        done = true
                        break
                    }
                    let page = try await history.klines(symbol: key.symbol, interval: key.interval,
                                                        startTime: start, limit: 1000)
                    guard let committed = feed.applyPage(page, key: key, serverNow: serverNow) else { return }
                    attempt.reset()
                    if page.count < 1000 || committed == 0 { done = true }
                } catch {
                    lastError = Self.backfillSentence(error)
                    publishHealth()
                    let delay = max(0.2, attempt.nextDelay())
                    try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                    if !running { break }
                }
            }
            feed.drainPending(key)
        } while feed.finishRound(key, goAgain: running)
        publishHealth()
    }

    /// One sentence for every series whose backfill fails the same way, without the changing
    /// countdown, so a REST outage reads as one problem rather than one line per symbol and retry.
    static func backfillSentence(_ error: any Error) -> String {
        var why = "\(error)"
        if let cut = why.split(separator: "; retrying in ", maxSplits: 1, omittingEmptySubsequences: false).first,
           cut.count < why.count {
            why = String(cut)
        }
        while why.hasSuffix(".") { why.removeLast() }
        return "Candle backfill over REST failed: \(why); retrying."
    }

    private func initialStart(interval: Interval, serverNow: Int64) -> Int64 {
        var t = interval.openTime(containing: serverNow)
        for _ in 0..<options.historyBars { t = interval.previousOpenTime(before: t) }
        return t
    }

    // MARK: - Health

    func noteBookError(_ sentence: String) {
        lastError = sentence
        publishHealth()
    }

    public func health() -> FeedHealth {
        let now = monotonicSeconds()
        var connections: [ConnectionHealth] = []
        for (id, slot) in slots.sorted(by: { $0.key < $1.key }) {
            let active = slot.activeConnection
            let age = active.flatMap { $0.isOpen ? now - $0.lastActivity : nil }
            let rate = slot.rate
            connections.append(ConnectionHealth(id: id, state: slot.state, streams: slot.streams.count,
                                                lastMessageAge: age, messagesPerSecond: rate,
                                                reconnects: slot.reconnects, rotations: slot.rotations,
                                                lastError: slot.lastError))
        }
        let ages = connections.compactMap(\.lastMessageAge)
        return FeedHealth(state: FeedHealth.overall(connections.map(\.state)), connections: connections,
                          lastMessageAge: ages.min(), messagesPerSecond: connections.reduce(0) { $0 + $1.messagesPerSecond },
                          reconnects: connections.reduce(0) { $0 + $1.reconnects },
                          rotations: connections.reduce(0) { $0 + $1.rotations },
                          // While a connection is down its own sentence is what matters (REST
                          // failures follow from it); otherwise the most recent problem.
                          lastError: connections.last(where: { $0.state != .live && $0.lastError != nil })?.lastError
                              ?? lastError ?? connections.compactMap(\.lastError).last,
                          backfilling: feed.backfillingCount,
                          restWeightUsed: restWeight, breaker: restBreaker,
                          decodeErrors: decodeErrors, unknownEvents: feed.unknownEvents)
    }

    /// Publishes health when something a user would notice changed; the periodic call also
    /// refreshes message rates.
    private func publishHealth(periodic: Bool = false) {
        if periodic {
            let now = monotonicSeconds()
            for id in slots.keys { slots[id]?.sampleRate(now: now) }
        }
        let current = health()
        var comparable = current
        comparable.lastMessageAge = nil
        comparable.messagesPerSecond = 0
        comparable.connections = comparable.connections.map {
            var c = $0
            c.lastMessageAge = nil
            c.messagesPerSecond = 0
            return c
        }
        // A change goes out at once; otherwise the rates and ages are refreshed once a second.
        let now = monotonicSeconds()
        if comparable != lastPublishedHealth || (periodic && now - lastPeriodicPublish >= 0.999) {
            feed.publish(.health(current))
            lastPublishedHealth = comparable
            lastPeriodicPublish = now
        }
    }

    private var lastPeriodicPublish = -Double.infinity
}

/// One shard of the subscription set and the connection(s) carrying it (two during a rotation).
struct ConnectionSlot {
    struct Connection {
        let generation: Int
        var task: Task<Void, Never>?
        var channel: (any Channel)?
        var pacer: OutboundPacer?
        var isOpen = false
        var openedAt: Double?
        /// When the connection opened; its tap knows the last read after that.
        var lastFrameAt: Double = 0
        var tap: ConnectionTap?
        var subscribed: Set<String> = []
        /// The backoff delay `closed` announced; the connection's loop waits exactly this long.
        var plannedDelay: Double?

        init(generation: Int) { self.generation = generation }

        var lastActivity: Double { max(lastFrameAt, tap?.lastReadSeconds ?? 0) }
    }

    let id: Int
    var streams: [String] = []
    var connections: [Int: Connection] = [:]
    var activeGeneration: Int?
    var nextGeneration = 1
    var state: ConnectionState = .connecting
    var reconnects = 0
    /// Make-before-break replacements (age limit, serverShutdown).
    var rotations = 0
    var lastError: String?
    /// The latest hand-off of control messages to the pacer; the next one waits for it.
    var controlQueue: Task<Void, Never>?
    /// Why the watchdog or the user is closing the active connection, so `closed` names the real cause.
    var closingReason: ConnectionProblem?
    var backoff: Backoff
    /// Frames received on any of this slot's connections since it was made.
    let frames = FrameCounter()
    var framesReceived: Int { frames.count.load(ordering: .relaxed) }
    private var rateWindow = RateWindow()
    var rate: Double { rateWindow.rate }

    init(id: Int, backoff: Backoff) {
        self.id = id
        self.backoff = backoff
    }

    var activeConnection: Connection? {
        activeGeneration.flatMap { connections[$0] }
    }

    mutating func sampleRate(now: Double) {
        rateWindow.sample(count: framesReceived, now: now)
    }
}
