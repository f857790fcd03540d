import NIOHTTP1

/// The simulator's own endpoints: stats, truth and fault control. They carry no request
/// weight and are never hit by injected REST faults, so a test can always reach them.
extension RESTRouter {
    func simulator(method: HTTPMethod, path: String, query: [String: String], body: String) -> HTTPReply {
        switch (method, path) {
        case (.GET, "/sim/stats"):
            var stats = core.stats.snapshot
            stats.simulatedNow = core.clock.now()
            return .json(.ok, stats.json)
        case (.GET, "/sim/truth/klines"):
            return klines(query, truth: true)
        case (.POST, "/sim/control"):
            switch FaultControl.parse(body) {
            case .success(let controls):
                // Every symbol named must be listed before anything is applied.
                for case .mark(let symbol, _) in controls where !core.specs.contains(where: { $0.symbol.name == symbol }) {
                    return .json(.badRequest, "{\"ok\":false,\"error\":\(JSONText.quoted("unknown symbol \(symbol)"))}")
                }
                var marks: [String] = []
                for control in controls {
                    core.applyPersistent(control)
                    if case .mark(let symbol, let hold) = control {
                        // The price is chosen now, so the caller knows what to look for.
                        if let m = engine.requestMark(symbol: symbol, holdMilliseconds: hold) {
                            marks.append("{\"id\":\(m.id),\"symbol\":\(JSONText.quoted(m.symbol)),"
                                + "\"price\":\(JSONText.quoted(m.price))}")
                        }
                    } else {
                        engine.perform(control)
                    }
                }
                let listed = marks.isEmpty ? "" : ",\"marks\":[" + marks.joined(separator: ",") + "]"
                return .json(.ok, "{\"ok\":true,\"applied\":\(controls.count)\(listed)}")
            case .failure(let error):
                return .json(.badRequest, "{\"ok\":false,\"error\":\(JSONText.quoted(error.message))}")
            }
        default:
            return .notFound
        }
    }
}
