import MarketModel
import NIOCore
import NIOWebSocket

/// Sends one connection's outgoing frames no faster than the venue's limit (pongs and JSON control
/// messages both count). A pong waiting to go out is sent before queued control messages, and a
/// newer ping's payload replaces an unsent older one: only the latest answer matters.
actor OutboundPacer {
    private let writer: NIOAsyncChannelOutboundWriter<WebSocketFrame>
    private let minimumSpacing: Double
    private var pendingPong: ByteBuffer?
    private var queue: [String] = []
    private var lastSent = -Double.infinity
    private var pumping = false
    private(set) var sent = 0

    init(writer: NIOAsyncChannelOutboundWriter<WebSocketFrame>, perSecond: Double) {
        self.writer = writer
        self.minimumSpacing = 1.0 / perSecond
    }

    func pong(_ payload: ByteBuffer) {
        pendingPong = payload
        startPump()
    }

    func send(json: String) {
        queue.append(json)
        startPump()
    }

    private func startPump() {
        guard !pumping else { return }
        pumping = true
        Task { await self.pump() }
    }

    private func pump() async {
        while pendingPong != nil || !queue.isEmpty {
            let wait = lastSent + minimumSpacing - monotonicSeconds()
            if wait > 0 {
                try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
            }
            let frame: WebSocketFrame
            if let pong = pendingPong {
                pendingPong = nil
                frame = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: pong)
            } else {
                let json = queue.removeFirst()
                frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: json))
            }
            lastSent = monotonicSeconds()
            sent += 1
            do {
                try await writer.write(frame)
            } catch {
                queue.removeAll()
                pendingPong = nil
                break
            }
        }
        pumping = false
    }
}
